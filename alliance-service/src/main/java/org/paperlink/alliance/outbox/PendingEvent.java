package org.paperlink.alliance.outbox;

import java.time.Instant;

/**
 * An event waiting on its aggregate's document to be published. It is written in the same
 * single-document update as the change that caused it, so the two can never part.
 *
 * @param traceparent the W3C trace context of the request that caused it, so that the
 * trace goes on through Kafka when the relay publishes it later
 */
public record PendingEvent(String eventId, String type, String topic, String key, String subject, Instant time,
		String payload, String traceparent) {

}
