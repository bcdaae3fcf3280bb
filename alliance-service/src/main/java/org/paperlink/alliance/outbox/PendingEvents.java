package org.paperlink.alliance.outbox;

import java.util.List;

import org.bson.Document;
import org.paperlink.alliance.domain.Aggregate;
import reactor.core.publisher.Flux;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The events of one aggregate that the relay has not handled yet: what the relay
 * publishes, and what a read model derived from events adds in order to show a change at
 * once, before its projection ran.
 */
@Component
public class PendingEvents {

	private final ReactiveMongoTemplate mongo;

	PendingEvents(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	/** Oldest first. */
	public Flux<PendingEvent> of(Class<? extends Aggregate> type, String id) {
		return in(this.mongo.getCollectionName(type), id);
	}

	/** Oldest first, of the aggregate {@code id} kept in {@code collection}. */
	Flux<PendingEvent> in(String collection, String id) {
		Query query = Query.query(Criteria.where("_id").is(id));
		query.fields().include(AggregateStore.PENDING_EVENTS);
		return this.mongo.findOne(query, Document.class, collection)
			.flatMapIterable((document) -> document.getList(AggregateStore.PENDING_EVENTS, Document.class, List.of()))
			.map((stored) -> this.mongo.getConverter().read(PendingEvent.class, stored));
	}

}
