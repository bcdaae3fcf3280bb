package org.paperlink.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.UncategorizedMongoDbException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Removes what has outlived its retention ({@link Retained}). On MongoDB a TTL index on
 * each date field does it, created at start (and its period changed in place when the
 * setting changes). The wire-protocol stand-in keeps TTL indexes without acting on them,
 * so every replica also sweeps at an interval: a delete of what is past its time, the
 * same whichever replica runs it and however often, and a no-op where the TTL monitor was
 * first.
 */
public class RetentionSweeper {

	private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);

	private final ReactiveMongoTemplate mongo;

	private final List<Retained> retained;

	private final Duration interval;

	private final Clock clock;

	private volatile Disposable sweeping;

	private final List<Retired> retired;

	public RetentionSweeper(ReactiveMongoTemplate mongo, List<Retained> retained, List<Retired> retired,
			Duration interval, Clock clock) {
		this.mongo = mongo;
		this.retained = List.copyOf(retained);
		this.retired = List.copyOf(retired);
		this.interval = interval;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		this.sweeping = dropRetired()
			.thenMany(Flux.fromIterable(this.retained).concatMap((rule) -> ttlIndex(rule).onErrorResume((ex) -> {
				log.warn("No TTL index on {}.{}; the sweep removes what is past instead: {}", rule.collection(),
						rule.dateField(), ex.getMessage());
				return Mono.empty();
			})))
			.thenMany(Flux.interval(Duration.ZERO, this.interval))
			.onBackpressureDrop()
			.concatMap((tick) -> sweep().onErrorResume((ex) -> {
				log.warn("Retention sweep failed, will try again: {}", ex.getMessage());
				return Mono.empty();
			}))
			.subscribe();
	}

	@jakarta.annotation.PreDestroy
	void stop() {
		if (this.sweeping != null) {
			this.sweeping.dispose();
		}
	}

	/**
	 * Drops the retired collections that are still there (the same on every replica,
	 * however often); which were dropped.
	 */
	public Flux<String> dropRetired() {
		return Flux.fromIterable(this.retired)
			.concatMap((rule) -> this.mongo.collectionExists(rule.collection())
				.filter(Boolean::booleanValue)
				.flatMap((exists) -> this.mongo.dropCollection(rule.collection()).thenReturn(rule.collection()))
				.doOnNext((dropped) -> log.info("Retention: {} dropped, no longer used", dropped))
				.onErrorResume((ex) -> {
					log.warn("{} not dropped this start: {}", rule.collection(), ex.getMessage());
					return Mono.empty();
				}));
	}

	/** Removes what is past its time in every collection; how many documents went. */
	public Mono<Long> sweep() {
		return Flux.fromIterable(this.retained).concatMap((rule) -> {
			Query past = Query.query(Criteria.where(rule.dateField()).lt(this.clock.instant().minus(rule.keep())));
			return this.mongo.remove(past, rule.collection()).map((result) -> {
				if (result.getDeletedCount() > 0) {
					log.info("Retention: {} documents of {} past {}", result.getDeletedCount(), rule.collection(),
							rule.keep());
				}
				return result.getDeletedCount();
			});
		}).reduce(0L, Long::sum);
	}

	private Mono<String> ttlIndex(Retained rule) {
		Index index = new Index().on(rule.dateField(), Sort.Direction.ASC).named(rule.indexName()).expire(rule.keep());
		return this.mongo.indexOps(rule.collection())
			.createIndex(index)
			// the index is there with another period: the setting changed
			.onErrorResume(UncategorizedMongoDbException.class, (ex) -> this.mongo
				.executeCommand(new Document("collMod", rule.collection()).append("index",
						new Document("name", rule.indexName()).append("expireAfterSeconds", rule.keep().toSeconds())))
				.thenReturn(rule.indexName()));
	}

}
