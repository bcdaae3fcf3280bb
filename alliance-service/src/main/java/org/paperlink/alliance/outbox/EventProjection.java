package org.paperlink.alliance.outbox;

import reactor.core.publisher.Mono;

/**
 * Records derived from an aggregate's events and kept in their own collections (the audit
 * trail, capacity history), so that no aggregate document grows with its history. The
 * relay runs every projection on an event before publishing it, so a crash after the
 * change loses none of them; a projection must therefore tolerate running twice for one
 * event (write by the event's id).
 */
public interface EventProjection {

	Mono<Void> project(PendingEvent event);

}
