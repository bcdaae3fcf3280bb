package org.paperlink.notification.pipeline;

import reactor.core.publisher.Mono;

/**
 * State an event opens before anyone is notified of it, such as the receipts of a notice.
 * It must be idempotent: an event can be delivered twice. State kept from an aggregate's
 * events ignores an event older than the version it holds (the envelope's
 * {@code aggregateVersion}). Registered in {@code NotificationWiring}, not discovered.
 */
public interface EventPreparation {

	Mono<Void> prepare(ReceivedEvent event);

}
