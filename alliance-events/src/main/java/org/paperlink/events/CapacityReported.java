package org.paperlink.events;

import java.time.Instant;
import java.time.LocalDate;

/** A member reported the new annual capacity of one product category. */
public record CapacityReported(String reportId, String memberId, String enterpriseName, String pillar, String category,
		long previousAnnualTonnes, long annualTonnes, long changeTonnes, LocalDate effectiveFrom, String reason,
		String reportedBy, Instant reportedAt) implements AllianceEvent {

	@Override
	public String key() {
		return this.memberId;
	}

	@Override
	public String subject() {
		return this.memberId;
	}

}
