package org.paperlink.events;

import java.time.Instant;
import java.util.List;

/**
 * A member's profile or status changed; {@code changedFields} names what changed.
 *
 * @param status the member's status after the change (ACTIVE, SUSPENDED)
 * @param reason why, for a change of status
 * @param contactEmail the member's contact email after the change (added later: null in
 * events published before it was)
 */
public record MemberUpdated(String memberId, String enterpriseName, String pillar, String status,
		List<String> changedFields, String reason, String updatedBy, Instant updatedAt,
		String contactEmail) implements AllianceEvent {

	public MemberUpdated(String memberId, String enterpriseName, String pillar, String status,
			List<String> changedFields, String reason, String updatedBy, Instant updatedAt) {
		this(memberId, enterpriseName, pillar, status, changedFields, reason, updatedBy, updatedAt, null);
	}

	@Override
	public String key() {
		return this.memberId;
	}

	@Override
	public String subject() {
		return this.memberId;
	}

}
