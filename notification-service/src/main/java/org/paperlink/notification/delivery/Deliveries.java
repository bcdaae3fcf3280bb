package org.paperlink.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.paperlink.platform.Backoff;
import org.paperlink.platform.PageResponse;
import org.paperlink.platform.Pages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Deliveries outside the app. Each is recorded first, then sent on its own, so a channel
 * that is down never holds up another channel or the consumer. A failed attempt is
 * retried with exponential backoff and jitter; after the last attempt the delivery is
 * FAILED and counted.
 * <p>
 * With several replicas on one store, each attempt is claimed first: a lease written on
 * the delivery, taken only when the delivery is due and no live replica holds it. So at
 * most one attempt is in flight per delivery across replicas, and a replica that dies
 * mid-attempt leaves a lease that runs out. Every replica also looks for due deliveries
 * at a steady interval, so none stays PENDING without an attempt coming: not after a
 * restart, a scale-down that took its timer, or a store error while recording a failure.
 * The lease is far longer than a send can take (SMTP and robot timeouts are seconds).
 * Should recording a sent delivery fail, the record is retried for about a minute (a
 * store restart); a store away for longer makes it go out again when the lease runs out:
 * at least once, never silently lost. Deliveries of one aggregate to one address keep its
 * order ({@link DeliveryOrder}).
 */
@Service
public class Deliveries {

	private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

	static final String CLAIMED_BY = "claimedBy";

	static final String CLAIMED_UNTIL = "claimedUntil";

	private static final int DUE_AT_ONCE = 100;

	/** How soon a delivery held back by an older one on its line looks again. */
	private static final Duration BEHIND_AN_OLDER = Duration.ofSeconds(2);

	/**
	 * Recording a sent delivery is retried for about a minute (well inside the lease), so
	 * a store restart does not resend it.
	 */
	private static final Backoff RECORDING = Backoff.of(Duration.ofMillis(200), Duration.ofSeconds(5));

	private static final int RECORDING_RETRIES = 16;

	/** How long {@link #stop()} waits for the attempts in flight. */
	private static final Duration FINAL_ATTEMPTS = Duration.ofSeconds(10);

	private final String replica = UUID.randomUUID().toString();

	private final ReactiveMongoTemplate mongo;

	private final Map<Transport, ChannelSender> senders = new EnumMap<>(Transport.class);

	private final DeliveryOrder order;

	private final DeliveryProperties properties;

	private final MeterRegistry meters;

	private final Clock clock;

	private volatile Disposable poller;

	/** Attempts between their claim and the record of their outcome. */
	private final AtomicInteger inFlight = new AtomicInteger();

	private volatile boolean stopping;

	Deliveries(ReactiveMongoTemplate mongo, EmailSender email, RobotSenders robots, DeliveryProperties properties,
			MeterRegistry meters, Clock clock) {
		this.mongo = mongo;
		this.order = new DeliveryOrder(mongo);
		List.of(email, robots.dingTalk(), robots.weCom(), robots.webhook())
			.forEach((sender) -> this.senders.put(sender.transport(), sender));
		this.properties = properties;
		this.meters = meters;
		this.clock = clock;
		// at 0 from the start, so that an alert on its increase sees the first failure
		for (Transport channel : Transport.values()) {
			meters.counter("paperlink.delivery.failed", "channel", channel.name());
		}
	}

	/**
	 * Records the deliveries of one event and starts sending the new pending ones; known
	 * ones are left as they are.
	 */
	public Mono<Long> plan(List<Delivery> deliveries) {
		return Flux.fromIterable(deliveries)
			.flatMap((delivery) -> this.order.enqueue(delivery)
				.then(this.mongo.insert(delivery))
				.filter((planned) -> planned.status() == DeliveryStatus.PENDING)
				.doOnNext((planned) -> attemptIn(planned.id(), Duration.ZERO))
				.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.empty()), 8)
			.count();
	}

	Mono<PageResponse<DeliveryView>> list(DeliveryStatus status, int page, int size) {
		Query query = (status != null) ? Query.query(Criteria.where("status").is(status)) : new Query();
		return Pages.read(this.mongo, query, Sort.by(Sort.Direction.DESC, "createdAt"), Delivery.class,
				DeliveryView::of, page, size);
	}

	/** Looks for due deliveries at once, then at every poll interval. */
	@EventListener(ApplicationReadyEvent.class)
	void startPolling() {
		this.poller = Flux.interval(Duration.ZERO, this.properties.pollInterval())
			.onBackpressureDrop()
			.concatMap((tick) -> attemptDue().onErrorResume((ex) -> {
				log.warn("Looking for due deliveries failed, will look again: {}", ex.getMessage());
				return Mono.empty();
			}))
			.subscribe();
	}

	/**
	 * Stops without stranding a claim: no new attempt starts, the ones in flight are
	 * waited for (bounded), and any claim this replica still holds is given back, so
	 * another replica retries at once instead of after the lease.
	 */
	@PreDestroy
	void stop() {
		this.stopping = true;
		if (this.poller != null) {
			this.poller.dispose();
		}
		try {
			Mono.fromSupplier(() -> (this.inFlight.get() == 0) ? Boolean.TRUE : null)
				.repeatWhenEmpty((repeat) -> repeat.delayElements(Duration.ofMillis(50)))
				.timeout(FINAL_ATTEMPTS)
				.then(this.mongo.updateMulti(Query.query(Criteria.where(CLAIMED_BY).is(this.replica)),
						new Update().unset(CLAIMED_BY).unset(CLAIMED_UNTIL), Delivery.class))
				.block(FINAL_ATTEMPTS.plusSeconds(5));
		}
		catch (RuntimeException ex) {
			log.warn("Stopping with deliveries still claimed; another replica takes them when the lease ends: {}",
					Secrets.redacted(ex.getMessage()));
		}
	}

	/** Attempts the deliveries that are due and claimed by no live replica. */
	Mono<Void> attemptDue() {
		Query due = Query.query(claimable(this.clock.instant())).limit(DUE_AT_ONCE);
		due.fields().include("_id");
		return this.mongo.find(due, org.bson.Document.class, Delivery.COLLECTION)
			.flatMap((document) -> attempt(document.getString("_id")), 8)
			.then();
	}

	private void attemptIn(String id, Duration delay) {
		Mono.delay(delay.isNegative() ? Duration.ZERO : delay)
			.then(Mono.defer(() -> attempt(id)))
			.onErrorResume((ex) -> {
				log.warn("Delivery {} could not be attempted now; it is attempted again when due: {}", id,
						Secrets.redacted(ex.getMessage()));
				return Mono.empty();
			})
			.subscribe();
	}

	/** Claims the delivery when it is due and free, then sends it; otherwise nothing. */
	private Mono<Void> attempt(String id) {
		return Mono.defer(() -> {
			if (this.stopping) {
				return Mono.empty();
			}
			this.inFlight.incrementAndGet();
			Instant now = this.clock.instant();
			Query mine = Query.query(Criteria.where("_id").is(id).andOperator(claimable(now)));
			Update claim = new Update().set(CLAIMED_BY, this.replica)
				.set(CLAIMED_UNTIL, now.plus(this.properties.lease()));
			return this.mongo.findAndModify(mine, claim, FindAndModifyOptions.options().returnNew(true), Delivery.class)
				.flatMap((claimed) -> this.order.mayGo(claimed)
					.flatMap((next) -> next ? send(claimed) : waitForOlder(claimed)))
				.doFinally((signal) -> this.inFlight.decrementAndGet());
		});
	}

	private static Criteria claimable(Instant now) {
		return Criteria.where("status")
			.is(DeliveryStatus.PENDING)
			.and("nextAttemptAt")
			.lte(now)
			.orOperator(Criteria.where(CLAIMED_UNTIL).is(null), Criteria.where(CLAIMED_UNTIL).lt(now));
	}

	/**
	 * Gives the claim back: an older delivery on its line is still pending. It is tried
	 * again shortly, and at once when the older one is done.
	 */
	private Mono<Void> waitForOlder(Delivery delivery) {
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(delivery.id())),
					new Update().set("nextAttemptAt", this.clock.instant().plus(BEHIND_AN_OLDER))
						.unset(CLAIMED_BY)
						.unset(CLAIMED_UNTIL),
					Delivery.class)
			.doOnSuccess((result) -> attemptIn(delivery.id(), BEHIND_AN_OLDER))
			.then();
	}

	/**
	 * Sends, then records the outcome. A failure to send is retried later; a failure to
	 * record a send that went out is not a failed send: the record is retried, so a store
	 * outage does not make the message go out twice.
	 */
	private Mono<Void> send(Delivery delivery) {
		ChannelSender sender = this.senders.get(delivery.channel());
		return Mono.defer(() -> sender.send(delivery))
			.materialize()
			.flatMap((outcome) -> outcome.isOnError() ? failed(delivery, outcome.getThrowable())
					: sent(delivery).retryWhen(RECORDING.retries(RECORDING_RETRIES)).then(finished(delivery)));
	}

	/** Takes a delivery that is done off its line and starts the next one on it. */
	private Mono<Void> finished(Delivery delivery) {
		return Mono.defer(() -> this.order.done(delivery)).doOnNext((next) -> attemptIn(next, Duration.ZERO)).then();
	}

	private Mono<Void> sent(Delivery delivery) {
		Instant now = this.clock.instant();
		this.meters.counter("paperlink.delivery.sent", "channel", delivery.channel().name()).increment();
		this.meters.timer("paperlink.delivery.latency", "channel", delivery.channel().name())
			.record(Duration.between(delivery.createdAt(), now));
		return this.mongo.updateFirst(Query.query(Criteria.where("_id").is(delivery.id())),
				new Update().set("status", DeliveryStatus.SENT)
					.set("sentAt", now)
					.set("attempts", delivery.attempts() + 1)
					.unset("nextAttemptAt")
					.unset(CLAIMED_BY)
					.unset(CLAIMED_UNTIL),
				Delivery.class)
			.then();
	}

	private Mono<Void> failed(Delivery delivery, Throwable ex) {
		int attempts = delivery.attempts() + 1;
		String error = Secrets.redacted((ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName());
		this.meters.counter("paperlink.delivery.attempt.failures", "channel", delivery.channel().name()).increment();
		Query byId = Query.query(Criteria.where("_id").is(delivery.id()));
		if (attempts >= this.properties.maxAttempts()) {
			log.warn("Delivery {} on {} failed for good after {} attempts: {}", delivery.id(), delivery.channel(),
					attempts, error);
			this.meters.counter("paperlink.delivery.failed", "channel", delivery.channel().name()).increment();
			return this.mongo
				.updateFirst(byId,
						new Update().set("status", DeliveryStatus.FAILED)
							.set("attempts", attempts)
							.set("lastError", error)
							.unset("nextAttemptAt")
							.unset(CLAIMED_BY)
							.unset(CLAIMED_UNTIL),
						Delivery.class)
				.then(finished(delivery));
		}
		Duration backoff = backoff(attempts);
		return this.mongo
			.updateFirst(byId,
					new Update().set("attempts", attempts)
						.set("lastError", error)
						.set("nextAttemptAt", this.clock.instant().plus(backoff))
						.unset(CLAIMED_BY)
						.unset(CLAIMED_UNTIL),
					Delivery.class)
			.doOnSuccess((result) -> attemptIn(delivery.id(), backoff))
			.then();
	}

	/** The wait after {@code attempts} failed attempts ({@link Backoff}, with jitter). */
	Duration backoff(int attempts) {
		return new Backoff(this.properties.initialBackoff(), this.properties.maxBackoff(), this.properties.jitter())
			.after(attempts);
	}

}
