package org.paperlink.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * A replica's right to send what it claimed: one small document per replica, renewed
 * every fifth of the lease, instead of a lease written on every delivery. A delivery is
 * claimed by writing the lease's token on it; another replica may take it over only once
 * that token's lease has run out, and a delivery's outcome is written only where the
 * token is still the one claiming it.
 * <p>
 * The holder stops sending a third of the lease before the store would let another
 * replica take its deliveries, measured on its own monotonic clock from when it asked for
 * the renewal. A replica that could not renew in time (paused, or cut off from the store)
 * never renews that token again: it takes a new one, so that a token once seen expired
 * stays expired, and what it claimed before is taken over like anybody's.
 */
public final class ReplicaLease {

	public static final String COLLECTION = "delivery_leases";

	private final ReactiveMongoTemplate mongo;

	private final Duration lease;

	private final Clock clock;

	private volatile String token = newToken();

	/** Until when (System.nanoTime) this replica may send under {@link #token}. */
	private volatile long sendableUntil;

	private volatile boolean everHeld;

	ReplicaLease(ReactiveMongoTemplate mongo, Duration lease, Clock clock) {
		this.mongo = mongo;
		this.lease = lease;
		this.clock = clock;
	}

	String token() {
		return this.token;
	}

	/** True while this replica may send what it claimed under {@link #token()}. */
	boolean isHeld() {
		return this.everHeld && System.nanoTime() - this.sendableUntil < 0;
	}

	/** True when the token was held once but ran out: it must be given up. */
	boolean hasLapsed() {
		return this.everHeld && !isHeld();
	}

	/**
	 * Gives up a token that ran out: from now on its claims are anybody's, this replica's
	 * included. The caller drops what it held under it first.
	 */
	void startOver() {
		this.token = newToken();
		this.everHeld = false;
	}

	/**
	 * Renews the lease of the current token (or takes it, the first time). Refused for a
	 * token that lapsed meanwhile: {@link #startOver()} first.
	 */
	Mono<Void> renew() {
		return Mono.defer(() -> {
			if (hasLapsed()) {
				return Mono.error(new IllegalStateException("the lease of " + this.token + " lapsed"));
			}
			long asked = System.nanoTime();
			String renewing = this.token;
			return this.mongo
				.upsert(Query.query(Criteria.where("_id").is(renewing)),
						new Update().set("until", this.clock.instant().plus(this.lease)), Holder.class)
				.doOnSuccess((result) -> {
					if (renewing.equals(this.token)) {
						this.sendableUntil = asked + this.lease.toNanos() * 2 / 3;
						this.everHeld = true;
					}
				})
				.then();
		});
	}

	/** Until when each of these tokens is held; a token without a lease is absent. */
	Mono<Map<String, Instant>> heldUntil(Collection<String> tokens) {
		if (tokens.isEmpty()) {
			return Mono.just(Map.of());
		}
		return this.mongo.find(Query.query(Criteria.where("_id").in(tokens)), Holder.class)
			.collectMap(Holder::id, Holder::until);
	}

	Duration renewalInterval() {
		return this.lease.dividedBy(5);
	}

	private static String newToken() {
		return UUID.randomUUID().toString();
	}

	/** A replica's lease: its token and until when it holds. */
	@Document(COLLECTION)
	record Holder(@Id String id, Instant until) {

	}

}
