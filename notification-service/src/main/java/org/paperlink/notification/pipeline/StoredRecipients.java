package org.paperlink.notification.pipeline;

import java.util.List;

import org.paperlink.events.AllianceEvent;
import org.paperlink.notification.routing.PlannedNotification;
import reactor.core.publisher.Mono;

/**
 * Notifications whose recipients are found in stored state rather than in the event or
 * the rules, such as the members whose saved searches a new listing fits. It may record
 * state for later (a digest); being called twice for one event must change nothing more.
 * Registered for its event type in {@link EventSteps}.
 */
@FunctionalInterface
public interface StoredRecipients<E extends AllianceEvent> {

	Mono<List<PlannedNotification>> plan(E event);

}
