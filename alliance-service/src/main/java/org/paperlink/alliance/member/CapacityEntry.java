package org.paperlink.alliance.member;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One capacity report, kept in the member's history so capacity over time can be charted.
 *
 * @param projectId the renovation project whose completion filed this report, if any
 */
public record CapacityEntry(String reportId, String category, long previousAnnualTonnes, long annualTonnes,
		long changeTonnes, LocalDate effectiveFrom, String reason, String reportedBy, Instant reportedAt,
		String projectId) {

}
