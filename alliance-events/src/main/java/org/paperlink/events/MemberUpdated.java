package org.paperlink.events;

import java.time.Instant;
import java.util.List;

/** A member's profile changed; {@code changedFields} names what changed. */
public record MemberUpdated(String memberId, String enterpriseName, String pillar, List<String> changedFields,
		String updatedBy, Instant updatedAt) implements AllianceEvent {

	@Override
	public String key() {
		return this.memberId;
	}

	@Override
	public String subject() {
		return this.memberId;
	}

}
