package org.paperlink.alliance.outbox;

import java.util.List;

import org.paperlink.events.AllianceEvent;

/**
 * What a rule decided: the aggregate's new state and the events that say what happened.
 * The {@link AggregateStore} writes both at once.
 */
public record Change<T extends Aggregate>(T state, List<AllianceEvent> events) {

	public Change {
		events = List.copyOf(events);
	}

	public static <T extends Aggregate> Change<T> of(T state, AllianceEvent... events) {
		return new Change<>(state, List.of(events));
	}

}
