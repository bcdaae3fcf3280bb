package org.paperlink.events;

import java.time.Instant;

/** The secretariat rejected an application, with its reason. */
public record MemberRejected(String memberId, String enterpriseName, String reason, String contactEmail,
		String rejectedBy, Instant rejectedAt) implements AllianceEvent {

	@Override
	public String key() {
		return this.memberId;
	}

	@Override
	public String subject() {
		return this.memberId;
	}

}
