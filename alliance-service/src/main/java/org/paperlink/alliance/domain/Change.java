package org.paperlink.alliance.domain;

import java.util.List;

import org.paperlink.events.AllianceEvent;

/**
 * What a rule decided: the aggregate's new state and the events that say what happened.
 * The {@link org.paperlink.alliance.outbox.AggregateStore} writes both at once.
 */
public record Change<T extends Aggregate>(T state, List<AllianceEvent> events) {

	public Change {
		events = List.copyOf(events);
	}

	public static <T extends Aggregate> Change<T> of(T state, AllianceEvent... events) {
		return new Change<>(state, List.of(events));
	}

	/** The event of this type the rule decided, for a caller that answers with it. */
	public <E extends AllianceEvent> E event(Class<E> type) {
		return this.events.stream()
			.filter(type::isInstance)
			.map(type::cast)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No " + type.getSimpleName() + " in " + this.events));
	}

}
