package org.paperlink.notification.consumer;

import org.paperlink.events.AllianceEvent;
import reactor.core.publisher.Mono;

/**
 * State an event opens before anyone is notified of it, such as the receipts of a notice.
 * It must be idempotent: an event can be delivered twice.
 */
public interface EventPreparation {

	Mono<Void> prepare(AllianceEvent event);

}
