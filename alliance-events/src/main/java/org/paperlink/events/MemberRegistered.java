package org.paperlink.events;

import java.time.Instant;
import java.util.List;

/** An enterprise applied to join the alliance; the secretariat must decide. */
public record MemberRegistered(String memberId, String enterpriseName, String uscc, String pillar,
		List<String> produces, List<String> consumes, long annualCapacityTonnes, String village, String contactName,
		String contactEmail, Instant registeredAt) implements AllianceEvent {

	@Override
	public String key() {
		return this.memberId;
	}

	@Override
	public String subject() {
		return this.memberId;
	}

}
