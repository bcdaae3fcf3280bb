package org.paperlink.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.paperlink.platform.Backoff;
import org.paperlink.platform.Batches;
import org.paperlink.platform.NewDocuments;
import org.paperlink.platform.PageResponse;
import org.paperlink.platform.Pages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Deliveries outside the app, sent by the replica that owns the Kafka partition their
 * event came from, without polling.
 * <ul>
 * <li>The consumer records the deliveries of a batch with one write, claimed under this
 * replica's lease ({@link ReplicaLease}), and puts them on their lines in memory
 * ({@link DeliveryLines}), which keep one aggregate's messages to one address in
 * order.</li>
 * <li>A flush takes the head of every free line: all its emails over one SMTP connection,
 * robot calls over the kept-alive HTTP client. Outcomes are written in bulk, and only
 * where this replica's claim still stands (fenced); a line goes on when its head's
 * outcome is recorded. A failed attempt waits with backoff on its own line; after the
 * last attempt the delivery is FAILED and counted.</li>
 * <li>The pending delivery records are the recovery log: read when a partition is
 * assigned here, when a hold by another replica runs out, and by a slow sweep. A delivery
 * another replica still holds blocks its line until that replica's lease runs out.</li>
 * <li>A replica that loses its lease (paused, or cut off from the store) stops sending,
 * settles what it had in flight, drops its lines and starts over with a new token.</li>
 * </ul>
 * At least once: a replica killed between a send and its record leaves the delivery
 * pending, and its partition's next owner sends it again, with the same
 * {@code Message-ID}.
 */
@Service
public class Deliveries {

	private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

	static final String CLAIMED_BY = "claimedBy";

	/** Recording an outcome is retried until the store answers, at most every 5 s. */
	private static final Backoff RECORDING = Backoff.of(Duration.ofMillis(200), Duration.ofSeconds(5));

	/** How long stopping, or giving partitions up, waits for the sends in flight. */
	private static final Duration FINAL_ATTEMPTS = Duration.ofSeconds(10);

	/** How soon a hold that could not be taken over yet is looked at again. */
	private static final Duration HELD_AGAIN = Duration.ofMillis(200);

	/** The most outcomes written in one bulk write. */
	private static final int OUTCOMES_AT_ONCE = 500;

	private final ReactiveMongoTemplate mongo;

	private final ReplicaLease lease;

	private final DeliveryLines lines = new DeliveryLines();

	private final EmailSender email;

	private final Map<Transport, ChannelSender> robots = new EnumMap<>(Transport.class);

	private final DeliveryProperties properties;

	private final MeterRegistry meters;

	private final Clock clock;

	/** The partitions whose events this replica consumes now, as {@code topic-n}. */
	private final Set<String> owned = ConcurrentHashMap.newKeySet();

	/** Owned partitions whose pending deliveries could not be read at assignment. */
	private final Set<String> unrecovered = ConcurrentHashMap.newKeySet();

	private final Scheduler dispatcher = Schedulers.newSingle("deliveries");

	private final AtomicBoolean flushScheduled = new AtomicBoolean();

	/** When the dispatcher is next woken for a retry or a hold (epoch millis). */
	private final AtomicLong wakeAt = new AtomicLong(Long.MAX_VALUE);

	/** Runs between their start and the record of their outcome, by partition. */
	private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

	private final Batches<Sent> sent = new Batches<>(OUTCOMES_AT_ONCE, Duration.ofMillis(5));

	private final List<Disposable> timers = new ArrayList<>();

	/** The renewal under way, shared by whoever asks meanwhile. */
	private final AtomicReference<Mono<Void>> renewal = new AtomicReference<>();

	/** Set when the lease lapsed: the new token recovers the owned partitions. */
	private final AtomicBoolean startingOver = new AtomicBoolean();

	private volatile boolean stopping;

	Deliveries(ReactiveMongoTemplate mongo, EmailSender email, RobotSenders robots, DeliveryProperties properties,
			MeterRegistry meters, Clock clock) {
		this.mongo = mongo;
		this.lease = new ReplicaLease(mongo, properties.lease(), clock);
		this.email = email;
		List.of(robots.dingTalk(), robots.weCom(), robots.webhook())
			.forEach((sender) -> this.robots.put(sender.transport(), sender));
		this.properties = properties;
		this.meters = meters;
		this.clock = clock;
		// at 0 from the start, so that an alert on its increase sees the first failure
		for (Transport channel : Transport.values()) {
			meters.counter("paperlink.delivery.failed", "channel", channel.name());
		}
		meters.gauge("paperlink.delivery.waiting", this.lines, DeliveryLines::size);
		this.timers.add(this.sent.batches().concatMap(this::writeSent).subscribe());
	}

	/**
	 * Records the deliveries of one batch with one write and starts sending the new
	 * pending ones; known ones are left as they are.
	 * @return how many were new
	 */
	public Mono<Long> plan(List<Delivery> deliveries) {
		if (deliveries.isEmpty()) {
			return Mono.just(0L);
		}
		Set<String> partitions = deliveries.stream()
			.map(Delivery::partition)
			.filter((partition) -> partition != null && this.unrecovered.contains(partition))
			.collect(Collectors.toSet());
		return holdLease().then(partitions.isEmpty() ? Mono.empty() : recover(partitions, false))
			.then(Mono.defer(() -> {
				String token = this.lease.token();
				List<Delivery> claimed = deliveries.stream()
					.map((delivery) -> (delivery.status() == DeliveryStatus.PENDING) ? delivery.claimedBy(token)
							: delivery)
					.toList();
				return NewDocuments.insert(this.mongo, Delivery.COLLECTION, claimed, Delivery::id).flatMap((known) -> {
					List<Delivery> fresh = claimed.stream()
						.filter((delivery) -> !known.contains(delivery.id()))
						.filter((delivery) -> delivery.status() == DeliveryStatus.PENDING)
						.toList();
					fresh.forEach((delivery) -> this.lines.claimed(delivery, token));
					kick();
					List<String> redelivered = claimed.stream()
						.filter((delivery) -> known.contains(delivery.id()) && !this.lines.knows(delivery.id()))
						.filter((delivery) -> delivery.status() == DeliveryStatus.PENDING)
						.map(Delivery::id)
						.toList();
					return adopt(redelivered).thenReturn((long) (deliveries.size() - known.size()));
				});
			}));
	}

	/**
	 * Redelivered events whose pending deliveries are not on a line here (their partition
	 * moved while they were planned): read them and take them over like a recovery.
	 */
	private Mono<Void> adopt(List<String> ids) {
		if (ids.isEmpty()) {
			return Mono.empty();
		}
		return this.mongo
			.find(Query.query(Criteria.where("_id").in(ids).and("status").is(DeliveryStatus.PENDING)), Delivery.class)
			.collectList()
			.flatMap((found) -> takeOver(found, true));
	}

	Mono<PageResponse<DeliveryView>> list(DeliveryStatus status, int page, int size) {
		Query query = (status != null) ? Query.query(Criteria.where("status").is(status)) : new Query();
		return Pages.read(this.mongo, query, Sort.by(Sort.Direction.DESC, "createdAt"), Delivery.class,
				DeliveryView::of, page, size);
	}

	/**
	 * Partitions assigned here: their pending deliveries are read before any new event.
	 */
	public void assigned(Collection<String> partitions) {
		this.owned.addAll(partitions);
		this.unrecovered.addAll(partitions);
		try {
			holdLease().then(recover(partitions, false)).block(FINAL_ATTEMPTS.multipliedBy(3));
		}
		catch (RuntimeException ex) {
			log.warn("Pending deliveries of {} could not be read now; they are read before its next event: {}",
					partitions, Secrets.redacted(ex.getMessage()));
		}
	}

	/**
	 * Partitions given up in a rebalance: their lines stop, the sends in flight are
	 * waited for (bounded), and the claims are given back, so that the next owner goes on
	 * at once.
	 */
	public void revoked(Collection<String> partitions) {
		this.owned.removeAll(partitions);
		this.unrecovered.removeAll(partitions);
		this.lines.drop(partitions);
		try {
			untilSettled(partitions).then(release(partitions)).block(FINAL_ATTEMPTS.plusSeconds(5));
		}
		catch (RuntimeException ex) {
			log.warn("Claims on {} not given back; its next owner takes them when this lease runs out: {}", partitions,
					Secrets.redacted(ex.getMessage()));
		}
	}

	/**
	 * Partitions lost without a rebalance (this replica was taken for dead: a pause, or
	 * Kafka out of reach): given up as in a rebalance. Their next owner may hold them
	 * already, but the store decides who sends: a claim given back is one it need not
	 * wait for, and one it took meanwhile is not touched.
	 */
	public void lost(Collection<String> partitions) {
		revoked(partitions);
	}

	/** Takes the lease, then renews it, flushes and sweeps on their timers. */
	@EventListener(ApplicationReadyEvent.class)
	void start() {
		Duration renewal = this.lease.renewalInterval();
		this.timers.add(Flux.interval(Duration.ZERO, renewal)
			.onBackpressureDrop()
			.concatMap((tick) -> keepLease().onErrorResume((ex) -> {
				log.warn("The delivery lease could not be renewed; sending stops until it is: {}",
						Secrets.redacted(ex.getMessage()));
				return Mono.empty();
			}))
			.subscribe());
		this.timers.add(Flux.interval(Duration.ZERO, this.properties.sweepInterval())
			.onBackpressureDrop()
			.concatMap((tick) -> holdLease().then(recover(Set.copyOf(this.owned), true)).onErrorResume((ex) -> {
				log.warn("Looking for pending deliveries failed, will look again: {}",
						Secrets.redacted(ex.getMessage()));
				return Mono.empty();
			}))
			.subscribe());
	}

	/**
	 * Stops without stranding a claim: no new run starts, the ones in flight are waited
	 * for (bounded), and every claim this replica still holds is given back, so that
	 * another replica goes on at once instead of after the lease.
	 */
	@PreDestroy
	void stop() {
		this.stopping = true;
		Set<String> all = new HashSet<>(this.inFlight.keySet());
		try {
			untilSettled(all).then(this.mongo.updateMulti(
					Query.query(
							Criteria.where(CLAIMED_BY).is(this.lease.token()).and("status").is(DeliveryStatus.PENDING)),
					new Update().unset(CLAIMED_BY), Delivery.class))
				.block(FINAL_ATTEMPTS.plusSeconds(5));
		}
		catch (RuntimeException ex) {
			log.warn("Stopping with deliveries still claimed; another replica takes them when the lease ends: {}",
					Secrets.redacted(ex.getMessage()));
		}
		finally {
			this.timers.forEach(Disposable::dispose);
			this.dispatcher.dispose();
		}
	}

	/**
	 * Renews the lease, or, when it lapsed, drops every line, settles what is in flight
	 * and starts over with a new token. One at a time: the timer, a batch and an
	 * assignment may all ask at once.
	 */
	private Mono<Void> keepLease() {
		return Mono.defer(() -> {
			Mono<Void> running = this.renewal.get();
			if (running != null) {
				return running;
			}
			AtomicReference<Mono<Void>> self = new AtomicReference<>();
			Mono<Void> renewing = renewOrStartOver().doFinally((signal) -> this.renewal.compareAndSet(self.get(), null))
				.cache();
			self.set(renewing);
			return this.renewal.compareAndSet(null, renewing) ? renewing : keepLease();
		});
	}

	private Mono<Void> renewOrStartOver() {
		if (this.lease.hasLapsed()) {
			log.warn("The delivery lease lapsed (a pause, or the store away); settling, then taking a new one");
			this.startingOver.set(true);
			this.lines.dropAll();
			// what went out under the old token is recorded before anyone may take it
			// over
			return untilSettled(Set.copyOf(this.inFlight.keySet()), Duration.ofMinutes(10))
				.then(Mono.fromRunnable(this.lease::startOver))
				.then(Mono.defer(this::renewOrStartOver));
		}
		return this.lease.renew()
			.then(Mono.defer(() -> this.startingOver.getAndSet(false)
					? recover(Set.copyOf(this.owned), true).doOnError((ex) -> this.startingOver.set(true))
					: Mono.empty()))
			.doOnSuccess((done) -> kick());
	}

	/** The lease, renewed first when it is not held (at start, or after a lapse). */
	private Mono<Void> holdLease() {
		return Mono.defer(() -> this.lease.isHeld() ? Mono.empty() : keepLease());
	}

	/**
	 * Reads the pending deliveries of these partitions (and of none, when
	 * {@code unpartitioned}) not on a line here, and takes them over.
	 */
	private Mono<Void> recover(Collection<String> partitions, boolean unpartitioned) {
		List<Criteria> where = new ArrayList<>();
		if (!partitions.isEmpty()) {
			where.add(Criteria.where("partition").in(partitions));
		}
		if (unpartitioned) {
			where.add(Criteria.where("partition").is(null));
		}
		if (where.isEmpty()) {
			return Mono.empty();
		}
		Query pending = Query.query(Criteria.where("status").is(DeliveryStatus.PENDING))
			.addCriteria(new Criteria().orOperator(where));
		return this.mongo.find(pending, Delivery.class)
			.filter((delivery) -> !this.lines.knows(delivery.id()))
			.collectList()
			.flatMap((found) -> takeOver(found, false))
			.doOnSuccess((done) -> this.unrecovered.removeAll(partitions));
	}

	/**
	 * Claims what no live replica holds, and holds the rest on its lines (ordered
	 * deliveries of an owned partition) or leaves it to its holder.
	 * @param adopting true for deliveries of a redelivered event, whatever their
	 * partition
	 */
	private Mono<Void> takeOver(List<Delivery> found, boolean adopting) {
		if (found.isEmpty()) {
			return Mono.empty();
		}
		String mine = this.lease.token();
		Set<String> others = found.stream()
			.map(Delivery::claimedBy)
			.filter((token) -> token != null && !token.equals(mine))
			.collect(Collectors.toSet());
		return this.lease.heldUntil(others).flatMap((held) -> {
			Instant now = this.clock.instant();
			Set<String> expired = others.stream()
				.filter((token) -> !held.containsKey(token) || !held.get(token).isAfter(now))
				.collect(Collectors.toSet());
			// its own too: a sweep may have read a delivery that is done by now
			List<String> claimable = found.stream()
				.filter((delivery) -> delivery.claimedBy() == null || expired.contains(delivery.claimedBy())
						|| mine.equals(delivery.claimedBy()))
				.map(Delivery::id)
				.toList();
			return claim(claimable, expired).map((claimed) -> {
				for (Delivery delivery : found) {
					if (claimed.contains(delivery.id())) {
						this.lines.claimed(delivery, mine);
					}
					else if (delivery.isOrdered() && (adopting || isOwned(delivery.partition()))) {
						this.lines.held(delivery, held.getOrDefault(delivery.claimedBy(), now));
					}
				}
				return claimed;
			});
		}).doOnSuccess((claimed) -> {
			kick();
			wakeFor(this.lines.nextWake(this.clock.instant().plus(HELD_AGAIN)));
		}).then();
	}

	private boolean isOwned(String partition) {
		return partition != null && this.owned.contains(partition);
	}

	/**
	 * Claims these deliveries where they are still unclaimed or claimed under an expired
	 * token; the answer is those now claimed here.
	 */
	private Mono<Set<String>> claim(List<String> ids, Set<String> expired) {
		if (ids.isEmpty()) {
			return Mono.just(Set.of());
		}
		String mine = this.lease.token();
		Criteria free = new Criteria().orOperator(Criteria.where(CLAIMED_BY).is(null),
				Criteria.where(CLAIMED_BY).in(expired));
		Query claimable = Query.query(Criteria.where("_id").in(ids).and("status").is(DeliveryStatus.PENDING))
			.addCriteria(free);
		Query mineNow = Query
			.query(Criteria.where("_id").in(ids).and(CLAIMED_BY).is(mine).and("status").is(DeliveryStatus.PENDING));
		mineNow.fields().include("_id");
		return this.mongo.updateMulti(claimable, new Update().set(CLAIMED_BY, mine), Delivery.class)
			.thenMany(this.mongo.find(mineNow, org.bson.Document.class, Delivery.COLLECTION))
			.map((document) -> document.getString("_id"))
			.collect(Collectors.toSet());
	}

	/**
	 * Claims held deliveries whose holder's lease has run out, and forgets those found
	 * done.
	 */
	private Mono<Void> retakeHeld() {
		List<Delivery> due = this.lines.heldPast(this.clock.instant());
		if (due.isEmpty()) {
			return Mono.empty();
		}
		Query stillPending = Query.query(Criteria.where("_id").in(due.stream().map(Delivery::id).toList()));
		return this.mongo.find(stillPending, Delivery.class).collectList().flatMap((found) -> {
			Set<String> pending = found.stream()
				.filter((delivery) -> delivery.status() == DeliveryStatus.PENDING)
				.map(Delivery::id)
				.collect(Collectors.toSet());
			due.stream().filter((delivery) -> !pending.contains(delivery.id())).forEach((done) -> {
				this.lines.forget(done.id());
			});
			return takeOver(found.stream().filter((delivery) -> pending.contains(delivery.id())).toList(), true);
		});
	}

	/** Flushes soon, once, however many ask. */
	private void kick() {
		if (!this.stopping && this.flushScheduled.compareAndSet(false, true)) {
			try {
				this.dispatcher.schedule(this::flush);
			}
			catch (RejectedExecutionException stopped) {
				// stopping: nothing more is sent
			}
		}
	}

	/** Wakes the dispatcher at {@code at}, unless it is woken earlier already. */
	private void wakeFor(Instant at) {
		if (at == null || this.stopping) {
			return;
		}
		long when = at.toEpochMilli();
		long scheduled = this.wakeAt.get();
		if (when >= scheduled && scheduled > this.clock.millis()) {
			return;
		}
		this.wakeAt.set(when);
		long delay = Math.max(0, when - this.clock.millis());
		try {
			this.dispatcher.schedule(() -> {
				this.wakeAt.compareAndSet(when, Long.MAX_VALUE);
				retakeHeld().onErrorResume((ex) -> {
					log.warn("Held deliveries could not be claimed now: {}", Secrets.redacted(ex.getMessage()));
					return Mono.empty();
				}).subscribe();
				kick();
			}, delay, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException stopped) {
			// stopping: nothing more is sent
		}
	}

	/**
	 * Starts every run that may go now: the emails together over one connection, each
	 * robot call on its own.
	 */
	private void flush() {
		this.flushScheduled.set(false);
		if (this.stopping || !this.lease.isHeld()) {
			return;
		}
		List<DeliveryLines.Run> runs = this.lines.takeReady(this.clock.instant(),
				this.properties.emailsPerConnection());
		List<DeliveryLines.Run> emails = new ArrayList<>();
		for (DeliveryLines.Run run : runs) {
			started(run);
			if (run.channel() == Transport.EMAIL) {
				emails.add(run);
			}
			else {
				sendRobot(run);
			}
		}
		if (!emails.isEmpty()) {
			this.email.send(emails.stream().map(Deliveries::deliveriesOf).toList())
				.onErrorResume((ex) -> Mono
					.just(emails.stream().map((run) -> new EmailSender.Outcome(0, asException(ex))).toList()))
				.subscribe((outcomes) -> {
					for (int i = 0; i < emails.size(); i++) {
						settle(emails.get(i), outcomes.get(i).sent(), outcomes.get(i).failure());
					}
				});
		}
		wakeFor(this.lines.nextWake(this.clock.instant().plus(HELD_AGAIN)));
	}

	private void sendRobot(DeliveryLines.Run run) {
		Delivery delivery = run.deliveries().get(0).delivery();
		Mono.defer(() -> this.robots.get(delivery.channel()).send(delivery))
			.then(Mono.fromSupplier(Optional::<Exception>empty))
			.onErrorResume((ex) -> Mono.just(Optional.of(asException(ex))))
			.subscribe((failure) -> settle(run, failure.isPresent() ? 0 : 1, failure.orElse(null)));
	}

	private static Exception asException(Throwable failure) {
		return (failure instanceof Exception exception) ? exception : new IllegalStateException(failure);
	}

	/** Records what came of a run, then frees its line. */
	private void settle(DeliveryLines.Run run, int sentCount, Exception failure) {
		List<Delivery> wentOut = deliveriesOf(run).subList(0, sentCount);
		Mono<Void> recorded = Flux.fromIterable(wentOut).flatMap(this::recordSent, 64).then();
		if (failure == null) {
			recorded.doFinally((signal) -> done(run, sentCount, null)).subscribe();
			return;
		}
		Delivery failed = deliveriesOf(run).get(sentCount);
		int attempts = failed.attempts() + 1;
		String error = Secrets
			.redacted((failure.getMessage() != null) ? failure.getMessage() : failure.getClass().getSimpleName());
		this.meters.counter("paperlink.delivery.attempt.failures", "channel", failed.channel().name()).increment();
		Query mine = Query
			.query(Criteria.where("_id").is(failed.id()).and(CLAIMED_BY).is(run.deliveries().get(sentCount).claim()));
		if (attempts >= this.properties.maxAttempts()) {
			log.warn("Delivery {} on {} failed for good after {} attempts: {}", failed.id(), failed.channel(), attempts,
					error);
			this.meters.counter("paperlink.delivery.failed", "channel", failed.channel().name()).increment();
			Update failedForGood = new Update().set("status", DeliveryStatus.FAILED)
				.set("attempts", attempts)
				.set("lastError", error)
				.unset("nextAttemptAt")
				.unset(CLAIMED_BY);
			recorded.then(untilRecorded(this.mongo.updateFirst(mine, failedForGood, Delivery.class).then()))
				.doFinally((signal) -> done(run, sentCount + 1, null))
				.subscribe();
			return;
		}
		Instant retryAt = this.clock.instant().plus(backoff(attempts));
		Update later = new Update().set("attempts", attempts).set("lastError", error).set("nextAttemptAt", retryAt);
		recorded.then(untilRecorded(this.mongo.updateFirst(mine, later, Delivery.class).then()))
			.doFinally((signal) -> done(run, sentCount, retryAt))
			.subscribe();
	}

	private void started(DeliveryLines.Run run) {
		this.inFlight.computeIfAbsent(String.valueOf(run.partition()), (key) -> new AtomicInteger()).incrementAndGet();
	}

	private void done(DeliveryLines.Run run, int done, Instant retryAt) {
		this.lines.finished(run, done, retryAt);
		this.inFlight.get(String.valueOf(run.partition())).decrementAndGet();
		kick();
		wakeFor(retryAt);
	}

	/** A delivery that went out, waiting for its bulk record. */
	private record Sent(Delivery delivery, String claim, Instant at, Sinks.One<Void> recorded) {

	}

	private Mono<Void> recordSent(Delivery delivery) {
		this.meters.counter("paperlink.delivery.sent", "channel", delivery.channel().name()).increment();
		Instant now = this.clock.instant();
		this.meters.timer("paperlink.delivery.latency", "channel", delivery.channel().name())
			.record(Duration.between(delivery.createdAt(), now));
		Sinks.One<Void> recorded = Sinks.one();
		this.sent.add(new Sent(delivery, delivery.claimedBy(), now, recorded));
		return recorded.asMono();
	}

	/**
	 * Marks sent deliveries SENT in bulk, one write per claim, each only where the claim
	 * still stands: a replica whose deliveries were taken over changes nothing.
	 */
	private Mono<Void> writeSent(List<Sent> batch) {
		Map<String, List<Sent>> byClaim = batch.stream()
			.collect(Collectors.groupingBy(Sent::claim, LinkedHashMap::new, Collectors.toList()));
		Instant now = this.clock.instant();
		return Flux.fromIterable(byClaim.entrySet())
			.concatMap((claim) -> untilRecorded(this.mongo.updateMulti(
					Query.query(Criteria.where("_id")
						.in(claim.getValue().stream().map((one) -> one.delivery().id()).toList())
						.and(CLAIMED_BY)
						.is(claim.getKey())),
					new Update().set("status", DeliveryStatus.SENT)
						.set("sentAt", now)
						.inc("attempts", 1)
						.unset("nextAttemptAt")
						.unset(CLAIMED_BY),
					Delivery.class)
				.doOnNext((result) -> {
					if (result.getMatchedCount() < claim.getValue().size()) {
						log.info("{} of {} sent deliveries were taken over by another replica meanwhile",
								claim.getValue().size() - result.getMatchedCount(), claim.getValue().size());
					}
				})
				.then()))
			.doFinally((signal) -> batch.forEach((one) -> one.recorded().tryEmitEmpty()))
			.then();
	}

	/**
	 * A record retried until the store answers (at most every 5 s), so that a store
	 * outage does not make a message go out twice; given up only when stopping.
	 */
	private Mono<Void> untilRecorded(Mono<Void> record) {
		return record.retryWhen(RECORDING.retries(Long.MAX_VALUE, (ex) -> !this.stopping)).onErrorResume((ex) -> {
			log.warn("An outcome was not recorded; the delivery stays pending and is sent again: {}",
					Secrets.redacted(ex.getMessage()));
			return Mono.empty();
		});
	}

	/** Waits (bounded) until no run of these partitions is in flight. */
	private Mono<Void> untilSettled(Collection<String> partitions) {
		return untilSettled(partitions, FINAL_ATTEMPTS);
	}

	private Mono<Void> untilSettled(Collection<String> partitions, Duration atMost) {
		return Mono
			.fromSupplier(() -> partitions.stream()
				.map((partition) -> this.inFlight.get(String.valueOf(partition)))
				.allMatch((count) -> count == null || count.get() == 0) ? Boolean.TRUE : null)
			.repeatWhenEmpty((repeat) -> repeat.delayElements(Duration.ofMillis(20)))
			.timeout(atMost)
			.onErrorResume((ex) -> Mono.just(Boolean.FALSE))
			.then();
	}

	/** Gives back this replica's claims on the pending deliveries of these partitions. */
	private Mono<Void> release(Collection<String> partitions) {
		return this.mongo.updateMulti(Query.query(Criteria.where(CLAIMED_BY)
			.is(this.lease.token())
			.and("status")
			.is(DeliveryStatus.PENDING)
			.and("partition")
			.in(partitions)), new Update().unset(CLAIMED_BY), Delivery.class).then();
	}

	private static List<Delivery> deliveriesOf(DeliveryLines.Run run) {
		return run.deliveries().stream().map(DeliveryLines.Waiting::delivery).toList();
	}

	/** The wait after {@code attempts} failed attempts ({@link Backoff}, with jitter). */
	Duration backoff(int attempts) {
		return new Backoff(this.properties.initialBackoff(), this.properties.maxBackoff(), this.properties.jitter())
			.after(attempts);
	}

}
