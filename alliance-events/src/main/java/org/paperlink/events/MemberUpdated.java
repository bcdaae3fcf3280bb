package org.paperlink.events;

import java.time.Instant;
import java.util.List;

/**
 * A member's profile or status changed; {@code changedFields} names what changed.
 *
 * @param status the member's status after the change (ACTIVE, SUSPENDED)
 * @param reason why, for a change of status
 */
public record MemberUpdated(String memberId, String enterpriseName, String pillar, String status,
		List<String> changedFields, String reason, String updatedBy, Instant updatedAt) implements AllianceEvent {

	@Override
	public String key() {
		return this.memberId;
	}

	@Override
	public String subject() {
		return this.memberId;
	}

}
