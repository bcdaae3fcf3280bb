package org.paperlink.alliance.outbox;

/**
 * A collection whose documents carry a {@code pendingEvents} array. Declaring one as a
 * bean puts it under the relay's watch.
 */
public record OutboxCollection(String name) {

	public static final String PENDING_EVENTS = "pendingEvents";

}
