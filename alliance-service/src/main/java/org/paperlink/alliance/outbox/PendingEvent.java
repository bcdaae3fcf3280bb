package org.paperlink.alliance.outbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An event waiting on its aggregate's document to be published. It is written in the same
 * single-document update as the change that caused it, so the two can never part.
 *
 * @param topic where it is published; null for a change that is only audited (nothing
 * else needs to know of it)
 * @param traceparent the W3C trace context of the request that caused it, so that the
 * trace goes on through Kafka when the relay publishes it later
 * @param aggregateVersion the version of the aggregate this event's change produced
 * @param audit who made the change and what it changed: the audit record derived from the
 * event, written by the relay before it publishes
 */
public record PendingEvent(String eventId, String type, String topic, String key, String subject, Instant time,
		String payload, String traceparent, long aggregateVersion, Audit audit) {

	/** Whether the relay publishes it, or only derives records from it. */
	public boolean published() {
		return this.topic != null;
	}

	/**
	 * @param action such as {@code member.approved}
	 * @param before the changed fields as they were (null for a new aggregate)
	 * @param after the changed fields as they are now
	 */
	public record Audit(String actor, List<String> actorRoles, String requestId, String action, String targetType,
			String targetId, Map<String, Object> before, Map<String, Object> after) {

	}

}
