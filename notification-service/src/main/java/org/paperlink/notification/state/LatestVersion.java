package org.paperlink.notification.state;

import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Writes state kept from an aggregate's events only when the event is newer than what the
 * state holds. The record keeps the version in a {@code version} field; the write is one
 * upsert whose filter asks for an older version (or none). When the record holds a newer
 * or equal version the filter matches nothing, the upsert tries to insert the same
 * {@code _id}, and the unique index refuses it: the stale event changes nothing. An event
 * without a version (from a producer that does not send it) is applied as it comes.
 */
public final class LatestVersion {

	private LatestVersion() {
	}

	public static Mono<Void> write(ReactiveMongoTemplate mongo, Class<?> record, String id, Long version,
			Update update) {
		if (version == null) {
			return mongo.upsert(Query.query(Criteria.where("_id").is(id)), update, record).then();
		}
		Query olderOrNone = Query.query(Criteria.where("_id")
			.is(id)
			.orOperator(Criteria.where("version").exists(false), Criteria.where("version").is(null),
					Criteria.where("version").lt(version)));
		return mongo.upsert(olderOrNone, update.set("version", version), record)
			.then()
			.onErrorResume(DuplicateKeyException.class, (stale) -> Mono.empty());
	}

}
