package org.paperlink.events;

import java.time.Instant;

/** The secretariat approved an application; the enterprise is now an active member. */
public record MemberApproved(String memberId, String enterpriseName, String pillar, String tier, String contactEmail,
		String approvedBy, Instant approvedAt) implements AllianceEvent {

	@Override
	public String key() {
		return this.memberId;
	}

	@Override
	public String subject() {
		return this.memberId;
	}

}
