package org.paperlink.notification.pipeline;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.paperlink.events.AllianceEvent;
import org.paperlink.notification.routing.PlannedNotification;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The pipeline's steps besides routing, each registered for the event types it applies
 * to, so that which steps an event passes is read where they are registered (the
 * service's wiring), and each step takes its event typed. Steps of one type run in the
 * order they were registered.
 */
public final class EventSteps {

	private final Map<Class<? extends AllianceEvent>, List<EventPreparation<AllianceEvent>>> preparations = new HashMap<>();

	private final Map<Class<? extends AllianceEvent>, List<StoredRecipients<AllianceEvent>>> storedRecipients = new HashMap<>();

	/** Runs {@code step} for every event of this type before anyone is told of it. */
	public <E extends AllianceEvent> EventSteps prepare(Class<E> type, EventPreparation<? super E> step) {
		requireFinal(type);
		this.preparations.computeIfAbsent(type, (key) -> new ArrayList<>())
			.add((event, received) -> step.prepare(type.cast(event), received));
		return this;
	}

	/** Adds what {@code step} plans to the audience of every event of this type. */
	public <E extends AllianceEvent> EventSteps plan(Class<E> type, StoredRecipients<? super E> step) {
		requireFinal(type);
		this.storedRecipients.computeIfAbsent(type, (key) -> new ArrayList<>())
			.add((event) -> step.plan(type.cast(event)));
		return this;
	}

	/** Steps are looked up by the event's own class: a supertype would never match. */
	private static void requireFinal(Class<?> type) {
		if (!Modifier.isFinal(type.getModifiers())) {
			throw new IllegalArgumentException(type + " is not a final event type");
		}
	}

	Mono<Void> prepare(ReceivedEvent event) {
		return Flux.fromIterable(this.preparations.getOrDefault(event.payload().getClass(), List.of()))
			.concatMap((step) -> step.prepare(event.payload(), event))
			.then();
	}

	Flux<PlannedNotification> storedRecipients(AllianceEvent event) {
		return Flux.fromIterable(this.storedRecipients.getOrDefault(event.getClass(), List.of()))
			.concatMap((step) -> step.plan(event))
			.flatMapIterable((planned) -> planned);
	}

}
