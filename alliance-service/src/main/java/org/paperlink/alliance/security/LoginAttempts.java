package org.paperlink.alliance.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.paperlink.platform.Backoff;
import org.paperlink.platform.DomainProblem;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Sign-in attempts per username, kept whether or not the username exists, so that a
 * locked account and an unknown name answer alike. An attempt is reserved, atomically,
 * before its password is checked: of any number of guesses sent at once, only as many as
 * the threshold get a password checked, and the rest are refused as locked. Each attempt
 * past the threshold locks the name for twice as long as the last, up to the longest
 * lock. Attempts are forgotten once none came for {@code lockoutDecay} and no lock holds,
 * so a wrong password now and then never locks anyone for good; an administrator can
 * unlock at once. A successful sign-in forgets them too.
 */
@Component
class LoginAttempts {

	private final ReactiveMongoTemplate mongo;

	private final SecurityProperties properties;

	private final Clock clock;

	LoginAttempts(ReactiveMongoTemplate mongo, SecurityProperties properties, Clock clock) {
		this.mongo = mongo;
		this.properties = properties;
		this.clock = clock;
	}

	/** The attempts at one username since they were last forgotten. */
	@Document(Attempts.COLLECTION)
	record Attempts(@Id String username, int count, Instant lastAt, Instant lockedUntil) {

		static final String COLLECTION = "login_attempts";

	}

	/**
	 * Takes a place for one attempt: empty when its password may be checked, a 429
	 * {@code login-locked} with Retry-After when the username is locked.
	 */
	Mono<Void> reserve(String username) {
		Instant now = this.clock.instant();
		return forgetStale(username, now).then(Mono.defer(() -> take(username, now))).flatMap((attempts) -> {
			int over = attempts.count() - this.properties.lockoutThreshold();
			if (over <= 0) {
				return Mono.<Void>empty();
			}
			// past the threshold: refused unchecked, and the lock grows
			Instant until = now.plus(lockFor(over));
			return lockUntil(username, until).then(Mono.error(locked(now, until)));
		});
	}

	/** A wrong password: the attempt that reached the threshold locks the name. */
	Mono<Void> failed(String username) {
		return this.mongo.findById(username, Attempts.class).flatMap((attempts) -> {
			if (attempts.count() < this.properties.lockoutThreshold()) {
				return Mono.empty();
			}
			return lockUntil(username, this.clock.instant().plus(lockFor(0)));
		});
	}

	/** A right password, or an administrator's unlock: the attempts are forgotten. */
	Mono<Void> forget(String username) {
		return this.mongo.remove(byUsername(username), Attempts.class).then();
	}

	private Mono<Attempts> take(String username, Instant now) {
		Query unlocked = byUsername(username).addCriteria(new Criteria()
			.orOperator(Criteria.where("lockedUntil").exists(false), Criteria.where("lockedUntil").lte(now)));
		return this.mongo
			.findAndModify(unlocked, new Update().inc("count", 1).set("lastAt", now),
					FindAndModifyOptions.options().upsert(true).returnNew(true), Attempts.class)
			// a document exists but did not match: the name is locked
			.onErrorResume(DuplicateKeyException.class,
					(ex) -> this.mongo.findById(username, Attempts.class)
						.flatMap((attempts) -> Mono.<Attempts>error(locked(now, attempts.lockedUntil())))
						.switchIfEmpty(Mono.defer(() -> take(username, now))));
	}

	/** Attempts with none for a while and no lock holding are forgotten. */
	private Mono<Void> forgetStale(String username, Instant now) {
		Query stale = byUsername(username).addCriteria(Criteria.where("lastAt")
			.lt(now.minus(this.properties.lockoutDecay()))
			.orOperator(Criteria.where("lockedUntil").exists(false), Criteria.where("lockedUntil").lte(now)));
		return this.mongo.remove(stale, Attempts.class).then();
	}

	private Mono<Void> lockUntil(String username, Instant until) {
		// a later lock set meanwhile stays
		Query earlier = byUsername(username).addCriteria(new Criteria()
			.orOperator(Criteria.where("lockedUntil").exists(false), Criteria.where("lockedUntil").lt(until)));
		return this.mongo.updateFirst(earlier, new Update().set("lockedUntil", until), Attempts.class).then();
	}

	/** The first lock after the threshold's attempt, doubling with each one past it. */
	private Duration lockFor(int pastThreshold) {
		return Backoff.of(this.properties.lockoutFirst(), this.properties.lockoutMax()).after(pastThreshold + 1);
	}

	private static DomainProblem locked(Instant now, Instant until) {
		Duration wait = (until != null && until.isAfter(now)) ? Duration.between(now, until) : Duration.ofSeconds(1);
		return DomainProblem.tooManyRequests("login-locked", wait, Math.max(1, (wait.toSeconds() + 59) / 60));
	}

	private static Query byUsername(String username) {
		return Query.query(Criteria.where("_id").is(username));
	}

}
