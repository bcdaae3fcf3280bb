package org.paperlink.alliance.outbox;

import java.util.List;

/**
 * Published in this replica after the {@link AggregateStore} wrote a change, for caches
 * of this replica that summarise a collection.
 *
 * @param id the aggregate, or null when many changed at once (a seed)
 * @param eventTypes the CloudEvents types of the change's events; empty when not known
 */
public record AggregateChanged(String collection, String id, List<String> eventTypes) {

	public AggregateChanged {
		eventTypes = List.copyOf(eventTypes);
	}

	/** Many aggregates of a collection changed at once, in ways not told. */
	public static AggregateChanged many(String collection) {
		return new AggregateChanged(collection, null, List.of());
	}

	/**
	 * Whether the change could be of a kind other than these (a seed could be anything).
	 */
	public boolean mayBeOtherThan(List<String> types) {
		return this.eventTypes.isEmpty() || !types.containsAll(this.eventTypes);
	}

}
