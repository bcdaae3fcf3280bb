package org.paperlink.alliance.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.Document;
import org.paperlink.events.CloudEventEnvelope;
import org.paperlink.platform.Backoff;
import org.paperlink.platform.Batches;
import org.paperlink.platform.ShutdownOrder;
import org.paperlink.platform.StartupReadiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.BulkOperations.BulkMode;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveBulkOperations;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes the pending events of aggregates to Kafka as CloudEvents, derives the records
 * kept from them, then removes them from their documents: in batches, bounded in size and
 * time.
 * <p>
 * <b>Handed over in memory.</b> The write of a change takes the aggregate's relay lease
 * for its replica ({@link #leaseForWrite()}) and hands the document's pending events to
 * this replica's relay ({@link #handOver}): no claim and no read back. The writer of an
 * aggregate's newest change is therefore its one sender, and it holds every event still
 * pending at that write, oldest first; a replica that was sending older events of the
 * aggregate has lost the lease, and its removal, fenced by the lease's holder, changes
 * nothing.
 * <p>
 * <b>A batch.</b> The events of each aggregate are sent one after another, each
 * acknowledged before the next (a later event must never reach a consumer while an
 * earlier one failed); different aggregates are sent at once, and the idempotent producer
 * keeps them in order per partition. Then the derived records go in with one unordered
 * insert per collection ({@link EventProjection}), and the sent events are removed with
 * one bulk write, each of its updates applying only while this replica holds the lease. A
 * failure leaves the aggregate's events pending, to be tried again with backoff; what was
 * sent already is sent again, and consumers drop it by its id. Events are sent before
 * their records are derived, so a {@code match-found} waits for no audit record; a crash
 * in between leaves them pending, to be derived on the next try.
 * <p>
 * <b>Recovery only.</b> A sweep at start-up, and then at a slow interval, claims the
 * aggregates whose events nobody is sending (no lease, one run out, or this replica's own
 * that it is not handling) and reads them. A lease covers the longest a send may take
 * ({@code max.block.ms} + {@code delivery.timeout.ms}), so that a replica that died holds
 * its aggregates no longer than that.
 * <p>
 * It stops after the web server has finished the requests in flight, and sends what they
 * wrote before it does (its phase is below the web server's).
 */
@Component
public class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	/** The field of an aggregate's document that says which replica is sending it. */
	static final String RELAY_LEASE = "relayLease";

	private static final String HOLDER = RELAY_LEASE + ".replica";

	private static final String UNTIL = RELAY_LEASE + ".until";

	/** How long {@link #stop()} waits for the events of the last requests to be sent. */
	private static final Duration FINAL_DRAIN = Duration.ofSeconds(10);

	/**
	 * How long reading back the pending events at start may take, in the store and in
	 * Kafka.
	 */
	private static final Duration READ_BACK = Duration.ofSeconds(15);

	/** How long a batch waits to fill once its first event arrived. */
	private static final Duration BATCH_WINDOW = Duration.ofMillis(2);

	/**
	 * How many recently sent (and derived) event ids this replica remembers, so that a
	 * newer write listing an event whose removal was still on its way does not send it
	 * again.
	 */
	private static final int REMEMBERED = 16_384;

	/**
	 * Readiness waits for it: what an earlier run left pending is queued before new
	 * requests come.
	 */
	private static final String FIRST_SWEEP = "outbox relay's first sweep";

	private final String replica = UUID.randomUUID().toString();

	private final ReactiveMongoTemplate mongo;

	private final KafkaTemplate<String, String> kafka;

	private final List<AggregateType> aggregates;

	private final EventProjections projections;

	private final OutboxProperties properties;

	private final TraceContexts traces;

	/** Aggregates handed over and not yet done, with how many hand-overs each. */
	private final Map<AggregateRef, Integer> inFlight = new ConcurrentHashMap<>();

	/** When each aggregate in flight was first handed over, for the backlog's age. */
	private final Map<AggregateRef, Instant> waitingSince = new ConcurrentHashMap<>();

	private final Map<AggregateRef, Integer> failures = new ConcurrentHashMap<>();

	/** Events this replica had acknowledged by Kafka lately. */
	private final Set<String> sent = remembered();

	/**
	 * Pending events found on their topics when this relay started: kept until they are
	 * removed, however many are sent meanwhile.
	 */
	private final Set<String> onTopicAtStart = ConcurrentHashMap.newKeySet();

	/** Events this replica derived records from lately. */
	private final Set<String> derived = remembered();

	private final Counter published;

	private final Counter sendFailures;

	private final Timer publishLatency;

	private final StartupReadiness readiness;

	private volatile Batches<HandOver> queue = new Batches<>(1, BATCH_WINDOW);

	private volatile boolean running;

	private volatile Disposable worker;

	private volatile Disposable sweeper;

	OutboxRelay(ReactiveMongoTemplate mongo, KafkaTemplate<String, String> kafka, List<AggregateType> aggregates,
			EventProjections projections, OutboxProperties properties, TraceContexts traces, MeterRegistry meters,
			StartupReadiness readiness) {
		this.traces = traces;
		this.readiness = readiness;
		readiness.awaiting(FIRST_SWEEP);
		this.mongo = mongo;
		this.kafka = kafka;
		this.aggregates = List.copyOf(aggregates);
		this.projections = projections;
		this.properties = properties;
		this.published = meters.counter("paperlink.outbox.published");
		this.sendFailures = meters.counter("paperlink.outbox.send.failures");
		this.publishLatency = meters.timer("paperlink.outbox.publish.latency");
		meters.gauge("paperlink.outbox.backlog.aggregates", this.inFlight, Map::size);
		meters.gauge("paperlink.outbox.oldest.pending.seconds", this.waitingSince,
				(waiting) -> waiting.values()
					.stream()
					.min(Comparator.naturalOrder())
					.map((since) -> Duration.between(since, Instant.now()).toMillis() / 1000.0)
					.orElse(0.0));
	}

	/**
	 * The lease a write of a change takes for this replica, so that this replica sends
	 * the aggregate's events (the store writes it as {@code relayLease}).
	 */
	Document leaseForWrite() {
		return new Document("replica", this.replica).append("until",
				Date.from(Instant.now().plus(this.properties.lease())));
	}

	/**
	 * Publishes the events pending on an aggregate just written under
	 * {@link #leaseForWrite()}: every one still pending, oldest first. A relay that is
	 * not running leaves them to its first sweep.
	 */
	void handOver(String collection, String id, List<PendingEvent> pending) {
		if (!this.running) {
			return;
		}
		AggregateRef ref = new AggregateRef(collection, id);
		this.waitingSince.putIfAbsent(ref, Instant.now());
		this.inFlight.merge(ref, 1, Integer::sum);
		this.queue.add(new HandOver(ref, List.copyOf(pending)));
	}

	/**
	 * Starts the worker and the sweeps. A restart (a context stopped and started again)
	 * gets a new queue; whatever was queued before is found again by the first sweep,
	 * which runs at once.
	 */
	@Override
	public synchronized void start() {
		Batches<HandOver> fresh = new Batches<>(this.properties.batchSize(), BATCH_WINDOW);
		this.queue = fresh;
		this.inFlight.clear();
		this.waitingSince.clear();
		this.failures.clear();
		this.onTopicAtStart.clear();
		rememberPublished();
		this.worker = fresh.batches()
			// a batch's records and removal overlap the next batch's sends
			.concatMap(this::sendBatch)
			.concatMap(this::deriveAndRemove)
			.subscribe();
		this.running = true;
		this.sweeper = Flux.interval(Duration.ZERO, this.properties.sweepInterval())
			.concatMap((tick) -> sweep().doOnSuccess((queued) -> this.readiness.reached(FIRST_SWEEP))
				.onErrorResume((ex) -> {
					log.warn("Outbox sweep failed, will try again: {}", ex.getMessage());
					return Mono.empty();
				}))
			.subscribe();
	}

	/**
	 * Remembers the pending events already on their topics ({@link PublishedEvents})
	 * until they are removed: they are derived and removed, not published again. Those
	 * are the events of this replica's aggregates when it stopped between a send and the
	 * removal, and after a restore from a backup, those published after the backup was
	 * taken. Only what is pending when this replica starts is read back: an aggregate
	 * another running replica takes over after its lease (that replica died mid-send) may
	 * still be sent again, at least once, as before. Where Kafka cannot be read now, what
	 * could not be read is published, some perhaps again.
	 */
	private void rememberPublished() {
		long began = System.nanoTime();
		try {
			List<PendingEvent> pending = Flux.fromIterable(this.aggregates)
				.map(AggregateType::collection)
				.concatMap((collection) -> {
					Query withPending = Query.query(Criteria.where(AggregateStore.PENDING_EVENTS + ".0").exists(true));
					withPending.fields().include(AggregateStore.PENDING_EVENTS);
					return this.mongo.find(withPending, Document.class, collection);
				})
				.flatMapIterable(this::pendingEvents)
				.collectList()
				.block(READ_BACK);
			if (pending == null || pending.isEmpty()) {
				return;
			}
			try (Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(readBackSettings())) {
				Duration left = READ_BACK.minusNanos(System.nanoTime() - began);
				Set<String> found = PublishedEvents.among(pending, consumer, left.isNegative() ? Duration.ZERO : left);
				this.onTopicAtStart.addAll(found);
				log.info("{} of {} pending events are on their topics already and are not published again",
						found.size(), pending.size());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Pending events could not be read back from Kafka; they are published, some perhaps again: {}",
					ex.getMessage());
		}
	}

	/** The producer's connection settings, for a consumer without a group. */
	private Map<String, Object> readBackSettings() {
		Map<String, Object> settings = new HashMap<>();
		this.kafka.getProducerFactory().getConfigurationProperties().forEach((key, value) -> {
			if (key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) || key.startsWith("security.")
					|| key.startsWith("ssl.") || key.startsWith("sasl.")) {
				settings.put(key, value);
			}
		});
		settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		return settings;
	}

	/**
	 * Claims and queues every aggregate with pending events that nobody is sending.
	 * @return how many were queued
	 */
	public Mono<Long> sweep() {
		return Flux.fromIterable(this.aggregates).map(AggregateType::collection).concatMap((collection) -> {
			Query pending = Query.query(Criteria.where(AggregateStore.PENDING_EVENTS + ".0").exists(true));
			pending.fields().include("_id");
			return this.mongo.find(pending, Document.class, collection)
				.map((document) -> new AggregateRef(collection, document.get("_id").toString()));
		})
			.filter((ref) -> !this.inFlight.containsKey(ref))
			.concatMap(this::recover)
			.filter(Boolean::booleanValue)
			.count();
	}

	/**
	 * Takes the aggregate's lease where nobody sends its events (no lease, one run out,
	 * or this replica's own), and hands over what is pending, in one round trip. False
	 * when another replica holds it: that one has every pending event.
	 */
	private Mono<Boolean> recover(AggregateRef ref) {
		Date now = new Date();
		// only while something is pending: another replica may have sent it meanwhile
		Query free = Query.query(Criteria.where("_id")
			.is(ref.id())
			.and(AggregateStore.PENDING_EVENTS + ".0")
			.exists(true)
			.orOperator(Criteria.where(RELAY_LEASE).exists(false), Criteria.where(UNTIL).lt(now),
					Criteria.where(HOLDER).is(this.replica)));
		free.fields().include(AggregateStore.PENDING_EVENTS);
		return this.mongo
			.findAndModify(free, new Update().set(RELAY_LEASE, leaseForWrite()),
					FindAndModifyOptions.options().returnNew(true), Document.class, ref.collection())
			.map((document) -> {
				handOver(ref.collection(), ref.id(), pendingEvents(document));
				return true;
			})
			.defaultIfEmpty(false);
	}

	/** The pending events of a document as stored, oldest first. */
	List<PendingEvent> pendingEvents(Document document) {
		return document.getList(AggregateStore.PENDING_EVENTS, Document.class, List.of())
			.stream()
			.map((stored) -> this.mongo.getConverter().read(PendingEvent.class, stored))
			.toList();
	}

	/**
	 * A batch's sends. An aggregate handed over twice is handled once, with its newer
	 * list, which holds everything still pending. What failed waits for a retry; the rest
	 * goes on to {@link #deriveAndRemove}.
	 */
	private Mono<Sent> sendBatch(List<HandOver> batch) {
		Map<AggregateRef, HandOver> newest = new LinkedHashMap<>();
		batch.forEach((handOver) -> newest.put(handOver.ref(), handOver));
		return Flux.fromIterable(newest.values())
			.flatMap((handOver) -> sendInOrder(handOver).thenReturn(handOver).onErrorResume((ex) -> {
				retryLater(handOver.ref(), ex);
				return Mono.empty();
			}), newest.size())
			.collectList()
			.map((sent) -> new Sent(batch, sent))
			.onErrorResume((ex) -> {
				log.error("Outbox batch failed unexpectedly; its aggregates wait for the sweep", ex);
				return Mono.just(new Sent(batch, List.of()));
			});
	}

	/** A batch's derived records, then the removal of its sent events. */
	private Mono<Void> deriveAndRemove(Sent batch) {
		return derive(batch.sent()).then(remove(batch.sent()))
			.doOnSuccess((done) -> succeeded(batch.sent()))
			.onErrorResume((ex) -> {
				batch.sent().forEach((handOver) -> retryLater(handOver.ref(), ex));
				return Mono.empty();
			})
			.doFinally((signal) -> batch.handedOver().forEach((handOver) -> done(handOver.ref())));
	}

	private Mono<Void> sendInOrder(HandOver handOver) {
		return Flux.fromIterable(handOver.events())
			.filter((event) -> event.published() && !this.sent.contains(event.eventId())
					&& !this.onTopicAtStart.contains(event.eventId()))
			.concatMap(this::send)
			.then();
	}

	private Mono<Void> send(PendingEvent event) {
		ProducerRecord<String, String> record = new ProducerRecord<>(event.topic(), event.key(), event.payload());
		new CloudEventEnvelope(event.eventId(), event.type(), this.properties.source(), event.time(), event.subject(),
				event.aggregateVersion())
			.writeTo(record.headers());
		return Mono
			.fromFuture(
					() -> this.traces.continuing(event.traceparent(), "outbox publish", () -> this.kafka.send(record)))
			.doOnSuccess((result) -> {
				this.sent.add(event.eventId());
				this.published.increment();
				this.publishLatency.record(Duration.between(event.time(), Instant.now()));
			})
			.then();
	}

	/** Every projection, once for the whole batch. */
	private Mono<Void> derive(List<HandOver> sent) {
		List<PendingEvent> events = sent.stream()
			.flatMap((handOver) -> handOver.events().stream())
			.filter((event) -> !this.derived.contains(event.eventId()))
			.toList();
		if (events.isEmpty()) {
			return Mono.empty();
		}
		return this.projections.project(events)
			.doOnSuccess((done) -> events.forEach((event) -> this.derived.add(event.eventId())));
	}

	/**
	 * Removes the sent events, one bulk write per collection. Each aggregate's removal
	 * applies only while this replica holds its lease; the lease is given back when
	 * nothing more is pending (a newer write's events keep it).
	 */
	private Mono<Void> remove(List<HandOver> sent) {
		Map<String, ReactiveBulkOperations> byCollection = new LinkedHashMap<>();
		for (HandOver handOver : sent) {
			List<String> ids = handOver.events().stream().map(PendingEvent::eventId).toList();
			ReactiveBulkOperations writes = byCollection.computeIfAbsent(handOver.ref().collection(),
					(collection) -> this.mongo.bulkOps(BulkMode.ORDERED, collection));
			if (!ids.isEmpty()) {
				writes.updateOne(
						Query.query(Criteria.where("_id").is(handOver.ref().id()).and(HOLDER).is(this.replica)),
						new Update().pull(AggregateStore.PENDING_EVENTS,
								new Document("eventId", new Document("$in", ids))));
			}
			writes.updateOne(Query.query(Criteria.where("_id")
				.is(handOver.ref().id())
				.and(HOLDER)
				.is(this.replica)
				.and(AggregateStore.PENDING_EVENTS)
				.size(0)), new Update().unset(RELAY_LEASE));
		}
		return Flux.fromIterable(byCollection.values()).flatMap(ReactiveBulkOperations::execute).then();
	}

	private void succeeded(List<HandOver> sent) {
		sent.forEach((handOver) -> {
			this.failures.remove(handOver.ref());
			handOver.events().forEach((event) -> this.onTopicAtStart.remove(event.eventId()));
		});
	}

	/**
	 * Tries the aggregate again after a backoff, by claiming and reading it; it stays in
	 * flight meanwhile, so that a sweep leaves it alone.
	 */
	private void retryLater(AggregateRef ref, Throwable ex) {
		this.sendFailures.increment();
		int attempt = this.failures.merge(ref, 1, Integer::sum);
		Duration wait = Backoff.of(this.properties.initialBackoff(), this.properties.maxBackoff()).after(attempt);
		log.warn("Publishing events of {} failed (attempt {}), retrying in {} ms: {}", ref, attempt, wait.toMillis(),
				ex.getMessage());
		this.inFlight.merge(ref, 1, Integer::sum);
		Mono.delay(wait).then(Mono.defer(() -> this.running ? recover(ref) : Mono.empty())).onErrorResume((failed) -> {
			retryLater(ref, failed);
			return Mono.empty();
		}).doFinally((signal) -> done(ref)).subscribe();
	}

	/** One hand-over (or wait) of the aggregate is over. */
	private void done(AggregateRef ref) {
		Integer left = this.inFlight.computeIfPresent(ref, (key, count) -> (count > 1) ? count - 1 : null);
		if (left == null) {
			this.waitingSince.remove(ref);
		}
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
				.then(Mono.defer(() -> this.inFlight.isEmpty() ? Mono.just(true) : Mono.<Boolean>empty())
					.repeatWhenEmpty((repeat) -> repeat.delayElements(Duration.ofMillis(50))))
				.timeout(FINAL_DRAIN)
				.block();
		}
		catch (RuntimeException ex) {
			log.warn("Stopping with events still pending; another replica's sweep will send them: {}", ex.getMessage());
		}
		this.running = false;
		if (this.worker != null) {
			this.worker.dispose();
		}
	}

	@Override
	public int getPhase() {
		return ShutdownOrder.RELAY;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private static Set<String> remembered() {
		return Collections.synchronizedSet(
				Collections.newSetFromMap(new LinkedHashMap<String, Boolean>(REMEMBERED * 2, 0.75f, false) {
					@Override
					protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
						return size() > REMEMBERED;
					}
				}));
	}

	/** A batch as handed over, and those of its aggregates whose events were sent. */
	private record Sent(List<HandOver> handedOver, List<HandOver> sent) {

	}

	private record AggregateRef(String collection, String id) {

		@Override
		public String toString() {
			return this.collection + "/" + this.id;
		}

	}

	/**
	 * What one write (or a recovery's read) left pending on an aggregate, oldest first.
	 */
	private record HandOver(AggregateRef ref, List<PendingEvent> events) {

	}

}
