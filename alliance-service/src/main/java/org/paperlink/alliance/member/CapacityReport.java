package org.paperlink.alliance.member;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A capacity figure to file on a member: its own report, or the one a renovation project
 * promised on going into production.
 *
 * @param projectId the project that files it, or null for a member's own report
 * @param pillarLeadMemberId the lead of the member's pillar, told too (null if none)
 */
public record CapacityReport(String reportId, String category, long annualTonnes, LocalDate effectiveFrom,
		String reason, String projectId, String reportedBy, Instant reportedAt, String pillarLeadMemberId) {

	/** The same report of another figure (a project's promise, reckoned by its rule). */
	public CapacityReport withAnnualTonnes(long tonnes) {
		return new CapacityReport(this.reportId, this.category, tonnes, this.effectiveFrom, this.reason, this.projectId,
				this.reportedBy, this.reportedAt, this.pillarLeadMemberId);
	}

}
