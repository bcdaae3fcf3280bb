package org.paperlink.events;

import java.time.Instant;

/**
 * A renovation project moved from one status to another. Keyed by member, about the
 * project.
 */
public record RenovationStatusChanged(String projectId, String memberId, String enterpriseName, String title,
		String fromStatus, String toStatus, String note, String changedBy, Instant changedAt) implements AllianceEvent {

	@Override
	public String key() {
		return this.memberId;
	}

	@Override
	public String subject() {
		return this.projectId;
	}

}
