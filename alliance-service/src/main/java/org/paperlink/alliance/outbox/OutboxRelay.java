package org.paperlink.alliance.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.paperlink.platform.Backoff;
import org.paperlink.events.CloudEventEnvelope;
import org.paperlink.platform.ShutdownOrder;
import org.paperlink.platform.StartupReadiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes the pending events of aggregates to Kafka as CloudEvents, then removes them
 * from their document.
 * <p>
 * A write asks for its aggregate to be published at once. Should Kafka be down, that
 * aggregate is tried again with exponential backoff; nothing blocks the API and nothing
 * is dropped. A sweep at start-up, and then at a slow interval, finds events left behind
 * by a crash of any replica. The events of one aggregate are sent one after another, in
 * order, by one sender at a time across all replicas: a replica claims the aggregate with
 * a lease written on its document before it reads the pending events, and gives the lease
 * back with their removal. A replica that finds the aggregate claimed looks again shortly
 * (the holder may have read its events before the newest were written); a lease left by a
 * replica that died runs out. A crash between send and removal re-sends an event, which
 * consumers drop by its id, and each event carries its aggregate's version, so consumers
 * that keep state ignore one older than what they hold.
 * <p>
 * It stops after the web server has finished the requests in flight, and sends what they
 * wrote before it does (its phase is below the web server's).
 */
@Component
public class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	/** The field of an aggregate's document that says which replica is sending it. */
	static final String RELAY_LEASE = "relayLease";

	/** How long {@link #stop()} waits for the events of the last requests to be sent. */
	private static final Duration FINAL_DRAIN = Duration.ofSeconds(10);

	/**
	 * Readiness waits for it: what an earlier run left pending is queued before new
	 * requests come.
	 */
	private static final String FIRST_SWEEP = "outbox relay's first sweep";

	private final String replica = java.util.UUID.randomUUID().toString();

	private final ReactiveMongoTemplate mongo;

	private final KafkaTemplate<String, String> kafka;

	private final List<AggregateType> aggregates;

	private final List<EventProjection> projections;

	private final PendingEvents pendingEvents;

	private final OutboxProperties properties;

	private final TraceContexts traces;

	/**
	 * When each waiting aggregate first had events to publish, for the age of the
	 * backlog.
	 */
	private final Map<AggregateRef, java.time.Instant> waitingSince = new ConcurrentHashMap<>();

	private volatile Sinks.Many<AggregateRef> queue = Sinks.many().unicast().onBackpressureBuffer();

	/** Aggregates queued or being drained; the flag says "changed again meanwhile". */
	private final Map<AggregateRef, AtomicBoolean> scheduled = new ConcurrentHashMap<>();

	private final Map<AggregateRef, Integer> failures = new ConcurrentHashMap<>();

	private final Counter published;

	private final Counter sendFailures;

	private final Timer publishLatency;

	private final StartupReadiness readiness;

	private volatile Disposable worker;

	private volatile Disposable sweeper;

	OutboxRelay(ReactiveMongoTemplate mongo, KafkaTemplate<String, String> kafka, List<AggregateType> aggregates,
			List<EventProjection> projections, PendingEvents pendingEvents, OutboxProperties properties,
			TraceContexts traces, MeterRegistry meters, StartupReadiness readiness) {
		this.traces = traces;
		this.readiness = readiness;
		readiness.awaiting(FIRST_SWEEP);
		this.mongo = mongo;
		this.kafka = kafka;
		this.aggregates = List.copyOf(aggregates);
		this.projections = List.copyOf(projections);
		this.pendingEvents = pendingEvents;
		this.properties = properties;
		this.published = meters.counter("paperlink.outbox.published");
		this.sendFailures = meters.counter("paperlink.outbox.send.failures");
		this.publishLatency = meters.timer("paperlink.outbox.publish.latency");
		meters.gauge("paperlink.outbox.backlog.aggregates", this.scheduled, Map::size);
		meters.gauge("paperlink.outbox.oldest.pending.seconds", this.waitingSince,
				(waiting) -> waiting.values()
					.stream()
					.min(java.util.Comparator.naturalOrder())
					.map((since) -> java.time.Duration.between(since, java.time.Instant.now()).toMillis() / 1000.0)
					.orElse(0.0));
	}

	/** Publishes the pending events of one aggregate as soon as possible. */
	public void publishSoon(String collection, String id) {
		AggregateRef ref = new AggregateRef(collection, id);
		this.waitingSince.putIfAbsent(ref, java.time.Instant.now());
		this.scheduled.compute(ref, (key, changedAgain) -> {
			if (changedAgain == null) {
				emit(key);
				return new AtomicBoolean(false);
			}
			changedAgain.set(true);
			return changedAgain;
		});
	}

	/**
	 * Starts the worker and the sweeps. A restart (a context stopped and started again)
	 * gets a new queue; whatever was queued before is found again by the first sweep,
	 * which runs at once.
	 */
	@Override
	public synchronized void start() {
		Sinks.Many<AggregateRef> fresh = Sinks.many().unicast().onBackpressureBuffer();
		this.queue = fresh;
		this.scheduled.clear();
		this.waitingSince.clear();
		this.worker = fresh.asFlux()
			.flatMap(
					(ref) -> drain(ref).onErrorResume((ex) -> retryLater(ref, ex)).doFinally((signal) -> finished(ref)),
					this.properties.concurrency())
			.subscribe();
		this.sweeper = Flux.interval(Duration.ZERO, this.properties.sweepInterval())
			.concatMap((tick) -> sweep().doOnSuccess((queued) -> this.readiness.reached(FIRST_SWEEP))
				.onErrorResume((ex) -> {
					log.warn("Outbox sweep failed, will try again: {}", ex.getMessage());
					return Mono.empty();
				}))
			.subscribe();
	}

	/** Queues every aggregate that still has pending events. */
	public Mono<Long> sweep() {
		return Flux.fromIterable(this.aggregates)
			.map(AggregateType::collection)
			.concatMap((collection) -> this.mongo
				.find(Query.query(Criteria.where(AggregateStore.PENDING_EVENTS + ".0").exists(true)), Document.class,
						collection)
				.doOnNext((document) -> publishSoon(collection, document.get("_id").toString())))
			.count();
	}

	/**
	 * Publishes what an aggregate has pending, in three steps whatever their number: the
	 * records derived from the events (concurrently: each writes by its own id), the
	 * events to Kafka one after another, each acknowledged before the next is sent (a
	 * later event must never reach a consumer while an earlier one failed), and their
	 * removal in one update. A failure leaves them all pending, to be tried again; what
	 * was sent already is sent again, and consumers drop it by its id.
	 */
	private Mono<Void> drain(AggregateRef ref) {
		return claim(ref).flatMap((claimed) -> {
			if (!claimed) {
				lookAgainShortly(ref);
				return Mono.empty();
			}
			return drainClaimed(ref).onErrorResume((ex) -> release(ref).then(Mono.error(ex)));
		});
	}

	/**
	 * Takes the aggregate's lease when no replica holds it or the holder's has run out.
	 * True when this replica now holds it.
	 */
	private Mono<Boolean> claim(AggregateRef ref) {
		java.time.Instant now = java.time.Instant.now();
		Query free = Query.query(Criteria.where("_id")
			.is(ref.id())
			.orOperator(Criteria.where(RELAY_LEASE).exists(false), Criteria.where(RELAY_LEASE + ".until").lt(now)));
		Update take = new Update().set(RELAY_LEASE,
				new Document("replica", this.replica).append("until", now.plus(this.properties.lease())));
		return this.mongo.updateFirst(free, take, ref.collection()).map((result) -> result.getModifiedCount() == 1);
	}

	private Mono<Void> release(AggregateRef ref) {
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(ref.id()).and(RELAY_LEASE + ".replica").is(this.replica)),
					new Update().unset(RELAY_LEASE), ref.collection())
			.then();
	}

	private void lookAgainShortly(AggregateRef ref) {
		Mono.delay(this.properties.initialBackoff()).subscribe((tick) -> publishSoon(ref.collection(), ref.id()));
	}

	private Mono<Void> drainClaimed(AggregateRef ref) {
		return this.pendingEvents.in(ref.collection(), ref.id())
			.collectList()
			.filter((events) -> !events.isEmpty())
			.flatMap((events) -> Flux.fromIterable(events)
				.flatMap(this::project)
				.thenMany(Flux.fromIterable(events).filter(PendingEvent::published).concatMap(this::send))
				.then(Mono.just(events.stream().map(PendingEvent::eventId).toList())))
			.defaultIfEmpty(List.of())
			.flatMap((sent) -> removeAndRelease(ref, sent))
			.then(Mono.fromRunnable(() -> {
				this.failures.remove(ref);
				this.waitingSince.remove(ref);
			}));
	}

	/** Derives the audit record and the other projections before anything is sent. */
	private Mono<Void> project(PendingEvent event) {
		return Flux.fromIterable(this.projections).flatMap((projection) -> projection.project(event)).then();
	}

	private Mono<Void> send(PendingEvent event) {
		ProducerRecord<String, String> record = new ProducerRecord<>(event.topic(), event.key(), event.payload());
		new CloudEventEnvelope(event.eventId(), event.type(), this.properties.source(), event.time(), event.subject(),
				event.aggregateVersion())
			.writeTo(record.headers());
		return Mono
			.fromFuture(
					() -> this.traces.continuing(event.traceparent(), "outbox publish", () -> this.kafka.send(record)))
			.subscribeOn(Schedulers.boundedElastic())
			.doOnSuccess((result) -> {
				this.published.increment();
				this.publishLatency.record(Duration.between(event.time(), java.time.Instant.now()));
			})
			.then();
	}

	/**
	 * Removes the sent events and gives the lease back, in one update. Should the lease
	 * have run out and been taken meanwhile (a send that took longer than the lease), the
	 * events are removed all the same and the other replica's lease is left alone.
	 */
	private Mono<Void> removeAndRelease(AggregateRef ref, List<String> eventIds) {
		Update removeAndRelease = new Update().unset(RELAY_LEASE);
		Update removeOnly = new Update();
		if (!eventIds.isEmpty()) {
			Document sent = new Document("eventId", new Document("$in", eventIds));
			removeAndRelease.pull(AggregateStore.PENDING_EVENTS, sent);
			removeOnly.pull(AggregateStore.PENDING_EVENTS, sent);
		}
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(ref.id()).and(RELAY_LEASE + ".replica").is(this.replica)),
					removeAndRelease, ref.collection())
			.flatMap((result) -> (result.getMatchedCount() == 1 || eventIds.isEmpty()) ? Mono.empty()
					: this.mongo.updateFirst(Query.query(Criteria.where("_id").is(ref.id())), removeOnly,
							ref.collection()))
			.then();
	}

	private Mono<Void> retryLater(AggregateRef ref, Throwable ex) {
		this.sendFailures.increment();
		int attempt = this.failures.merge(ref, 1, Integer::sum);
		Duration wait = Backoff.of(this.properties.initialBackoff(), this.properties.maxBackoff()).after(attempt);
		log.warn("Publishing events of {} failed (attempt {}), retrying in {} ms: {}", ref, attempt, wait.toMillis(),
				ex.getMessage());
		Mono.delay(wait).subscribe((tick) -> publishSoon(ref.collection(), ref.id()));
		return Mono.empty();
	}

	private void finished(AggregateRef ref) {
		this.scheduled.computeIfPresent(ref, (key, changedAgain) -> {
			if (changedAgain.getAndSet(false)) {
				emit(key);
				return changedAgain;
			}
			return null;
		});
	}

	private void emit(AggregateRef ref) {
		this.queue.emitNext(ref, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(5)));
	}

	/**
	 * Stops after the web server: the requests it finished may have written events, so
	 * they are sent first (a sweep, waited for a bounded time), then the workers end.
	 * What cannot be sent in that time stays pending for the next replica's sweep.
	 */
	@Override
	public synchronized void stop() {
		if (this.sweeper != null) {
			this.sweeper.dispose();
		}
		try {
			sweep()
				.then(Mono.defer(this::drained)
					.repeatWhenEmpty((repeat) -> repeat.delayElements(Duration.ofMillis(50))))
				.timeout(FINAL_DRAIN)
				.block();
		}
		catch (RuntimeException ex) {
			log.warn("Stopping with events still pending; another replica's sweep will send them: {}", ex.getMessage());
		}
		if (this.worker != null) {
			this.worker.dispose();
		}
	}

	private Mono<Boolean> drained() {
		return this.scheduled.isEmpty() ? Mono.just(true) : Mono.empty();
	}

	@Override
	public int getPhase() {
		return ShutdownOrder.RELAY;
	}

	@Override
	public boolean isRunning() {
		return this.worker != null && !this.worker.isDisposed();
	}

	private record AggregateRef(String collection, String id) {

		@Override
		public String toString() {
			return this.collection + "/" + this.id;
		}

	}

}
