package org.paperlink.notification.digest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.paperlink.platform.RestoreWindows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * However many replicas run a daily job, it is done once, and done at least once. A
 * replica claims the job's record for the day with a lease, does the job, and only then
 * marks it done. A job that fails gives its lease back; one whose replica dies keeps it
 * until it runs out. Either way a later try (the catch-up) does it, and the job's own
 * effects are keyed by the day, so a job redone after a crash part-way sends nothing
 * twice. A job due between a backup and its restore ({@link RestoreWindows}) may have
 * been done by the system the restore replaced: it is marked done, with the reason, and
 * not run.
 */
@Component
public class OncePerDay {

	private static final Logger log = LoggerFactory.getLogger(OncePerDay.class);

	/** Far longer than composing and handing over a digest takes. */
	static final Duration LEASE = Duration.ofMinutes(10);

	private final String replica = UUID.randomUUID().toString();

	private final ReactiveMongoTemplate mongo;

	private final Clock clock;

	private final RestoreWindows restores;

	OncePerDay(ReactiveMongoTemplate mongo, Clock clock, RestoreWindows restores) {
		this.mongo = mongo;
		this.clock = clock;
		this.restores = restores;
	}

	/**
	 * Runs the job named by the key, due at {@code due}, unless it is done or another
	 * replica is doing it; empty when it did not run here.
	 */
	public <T> Mono<T> run(String key, Instant due, Mono<T> job) {
		return this.restores.covering(due)
			.flatMap((restored) -> restored.isPresent() ? skip(key, restored.get()).then(Mono.<T>empty())
					: claimed(key, job));
	}

	private <T> Mono<T> claimed(String key, Mono<T> job) {
		return claim(key).filter(Boolean::booleanValue)
			.flatMap((claimed) -> job.flatMap((result) -> done(key).thenReturn(result))
				.switchIfEmpty(done(key).then(Mono.empty()))
				.onErrorResume((ex) -> release(key).then(Mono.error(ex))));
	}

	/** Whether the job of the key was done. */
	public Mono<Boolean> isDone(String key) {
		return this.mongo.exists(Query.query(Criteria.where("_id").is(key).and("done").is(true)), Job.class);
	}

	private Mono<Boolean> claim(String key) {
		Instant now = this.clock.instant();
		Query free = Query.query(Criteria.where("_id")
			.is(key)
			.and("done")
			.ne(true)
			.orOperator(Criteria.where("leaseUntil").is(null), Criteria.where("leaseUntil").lt(now)));
		Update take = new Update().set("replica", this.replica).set("leaseUntil", now.plus(LEASE)).set("done", false);
		return this.mongo.upsert(free, take, Job.class)
			.thenReturn(true)
			.onErrorResume(DuplicateKeyException.class, (taken) -> Mono.just(false));
	}

	private Mono<Void> done(String key) {
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(key)),
					new Update().set("done", true).set("doneAt", this.clock.instant()).unset("leaseUntil"), Job.class)
			.then();
	}

	/** Marks a job done without running it, unless it is done already. */
	private Mono<Void> skip(String key, RestoreWindows.Window restored) {
		Query notDone = Query.query(Criteria.where("_id").is(key).and("done").ne(true));
		Update skipped = new Update().set("done", true)
			.set("doneAt", this.clock.instant())
			.set("skipped", restored.reason())
			.unset("leaseUntil");
		return this.mongo.upsert(notDone, skipped, Job.class)
			.doOnNext((result) -> log.warn("{} not run: {}", key, restored.reason()))
			.onErrorResume(DuplicateKeyException.class, (done) -> Mono.empty())
			.then();
	}

	private Mono<Void> release(String key) {
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(key).and("replica").is(this.replica)),
					new Update().unset("leaseUntil"), Job.class)
			.then();
	}

	/** A daily job's record (the collection keeps its older name). */
	@Document("locks")
	record Job(@Id String id, String replica, Instant leaseUntil, Boolean done, Instant doneAt, String skipped) {

	}

}
