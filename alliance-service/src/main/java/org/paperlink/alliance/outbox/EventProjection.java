package org.paperlink.alliance.outbox;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Records derived from an aggregate's events and kept in their own collections (the audit
 * trail, capacity history), so that no aggregate document grows with its history. The
 * relay runs every projection on a batch of events after publishing them and before
 * removing them, so a crash after the change loses none of them; a projection must
 * therefore tolerate running twice for one event (write by the event's id, with
 * {@link org.paperlink.platform.NewDocuments}). Registered, with the events it applies
 * to, in {@link EventProjections}.
 */
@FunctionalInterface
public interface EventProjection {

	/** Derives this projection's records from those of {@code events} it concerns. */
	Mono<Void> project(List<PendingEvent> events);

}
