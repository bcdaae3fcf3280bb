package org.paperlink.alliance.member;

import java.time.Instant;
import java.time.LocalDate;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One capacity report, so capacity over time can be charted. Each is its own record,
 * written once from the {@code capacity.reported} event (by its report id), never in the
 * member's document: a member reporting for years does not grow its document.
 *
 * @param projectId the renovation project whose completion filed this report, if any
 */
@Document(CapacityEntry.COLLECTION)
@CompoundIndex(name = "member_history", def = "{'memberId': 1, 'effectiveFrom': 1}")
public record CapacityEntry(@Id String reportId, String memberId, String category, long previousAnnualTonnes,
		long annualTonnes, long changeTonnes, LocalDate effectiveFrom, String reason, String reportedBy,
		Instant reportedAt, String projectId) {

	public static final String COLLECTION = "capacity_reports";

	/** The same report, filed on {@code memberId} (the demo data names no member). */
	public CapacityEntry ofMember(String memberId) {
		return new CapacityEntry(this.reportId, memberId, this.category, this.previousAnnualTonnes, this.annualTonnes,
				this.changeTonnes, this.effectiveFrom, this.reason, this.reportedBy, this.reportedAt, this.projectId);
	}

}
