package org.paperlink.notification.digest;

import java.time.Clock;
import java.time.Instant;

import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.stereotype.Component;

/**
 * However many replicas run a daily job, one does it: the first to insert the job's lock
 * document for the day.
 */
@Component
public class OncePerDay {

	private final ReactiveMongoTemplate mongo;

	private final Clock clock;

	OncePerDay(ReactiveMongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	/** True for the one caller that may do the job named by this key. */
	public Mono<Boolean> claim(String key) {
		return this.mongo.insert(new Lock(key, this.clock.instant()))
			.thenReturn(true)
			.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.just(false));
	}

	@Document("locks")
	record Lock(@Id String id, Instant takenAt) {

	}

}
