package org.paperlink.alliance.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.paperlink.events.EventType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The projections the relay runs on a batch of events after publishing it, each given
 * only the events it is registered for. Registered in the service's wiring
 * ({@code AllianceWiring}), so that what an event derives is read there.
 */
public final class EventProjections {

	private record Registered(Predicate<PendingEvent> applies, EventProjection projection) {

	}

	private final List<Registered> projections = new ArrayList<>();

	/** Runs {@code projection} on the events of this type. */
	public EventProjections of(EventType type, EventProjection projection) {
		this.projections.add(new Registered((event) -> type.ceType().equals(event.type()), projection));
		return this;
	}

	/** Runs {@code projection} on every event of the batch. */
	public EventProjections every(EventProjection projection) {
		this.projections.add(new Registered((event) -> true, projection));
		return this;
	}

	/** Every projection, each on its events of the batch, at once. */
	Mono<Void> project(List<PendingEvent> events) {
		return Flux.fromIterable(this.projections).flatMap((registered) -> {
			List<PendingEvent> mine = events.stream().filter(registered.applies()).toList();
			return mine.isEmpty() ? Mono.empty() : registered.projection().project(mine);
		}).then();
	}

}
