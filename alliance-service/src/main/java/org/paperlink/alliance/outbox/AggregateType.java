package org.paperlink.alliance.outbox;

import java.util.List;

import org.paperlink.alliance.domain.Aggregate;

import org.springframework.data.mongodb.core.index.Index;

/**
 * An aggregate type as the store keeps it: its collection and its indexes. Each feature
 * declares its aggregates as beans of this type, so that the aggregate classes themselves
 * carry no mapping: the store, the relay and the indexes all follow from here.
 */
public record AggregateType(Class<? extends Aggregate> type, String collection, List<Index> indexes) {

	public AggregateType {
		indexes = List.copyOf(indexes);
	}

}
