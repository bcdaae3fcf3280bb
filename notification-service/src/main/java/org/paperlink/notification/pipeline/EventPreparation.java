package org.paperlink.notification.pipeline;

import org.paperlink.events.AllianceEvent;
import reactor.core.publisher.Mono;

/**
 * State an event opens before anyone is notified of it, such as the receipts of a notice.
 * It must be idempotent: an event can be delivered twice. State kept from an aggregate's
 * events ignores an event older than the version it holds (the envelope's
 * {@code aggregateVersion}). Registered for its event type in {@link EventSteps}.
 */
@FunctionalInterface
public interface EventPreparation<E extends AllianceEvent> {

	Mono<Void> prepare(E event, ReceivedEvent received);

}
