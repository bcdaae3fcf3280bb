package org.paperlink.events;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A member reported the new annual capacity of one product category.
 *
 * @param pillarLeadMemberId the lead enterprise of the member's pillar, who is told too
 * @param projectId the renovation project whose completion filed the report, or null
 */
public record CapacityReported(String reportId, String memberId, String enterpriseName, String pillar,
		String pillarLeadMemberId, String category, long previousAnnualTonnes, long annualTonnes, long changeTonnes,
		LocalDate effectiveFrom, String reason, String projectId, String reportedBy,
		Instant reportedAt) implements AllianceEvent {

	@Override
	public String key() {
		return this.memberId;
	}

	@Override
	public String subject() {
		return this.memberId;
	}

}
