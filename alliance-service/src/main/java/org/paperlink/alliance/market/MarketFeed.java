package org.paperlink.alliance.market;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.paperlink.events.AllianceEvent;
import org.paperlink.events.CloudEventEnvelope;
import org.paperlink.events.EventType;
import org.paperlink.events.ListingClosed;
import org.paperlink.events.ListingPublished;
import org.paperlink.events.MatchFound;
import org.paperlink.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Every replica reads the whole market topic, in a consumer group of its own, starting a
 * week back. From it the replica keeps its open listings current with the others' writes,
 * records each match on the counterpart listing too, and serves the live feed: a journal
 * of recent events to start or resume from, then each new event as it comes, to every
 * connected member it concerns.
 */
@Component
class MarketFeed implements ConsumerSeekAware {

	private static final Logger log = LoggerFactory.getLogger(MarketFeed.class);

	private final OpenListings open;

	private final ReactiveMongoTemplate mongo;

	private final JsonMapper json;

	private final MarketProperties properties;

	private final Clock clock;

	private final Object lock = new Object();

	private final Deque<FeedItem> journal = new ArrayDeque<>();

	private FeedCursor position = FeedCursor.START;

	private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

	MarketFeed(OpenListings open, ReactiveMongoTemplate mongo, JsonMapper json, MarketProperties properties,
			Clock clock, MeterRegistry meters) {
		this.open = open;
		this.mongo = mongo;
		this.json = json;
		this.properties = properties;
		this.clock = clock;
		meters.gauge("paperlink.market.feed.subscribers", this.subscribers, Set::size);
	}

	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		callback.seekToTimestamp(assignments.keySet(),
				this.clock.millis() - this.properties.feed().backlog().toMillis());
	}

	@KafkaListener(id = "market-feed", topics = Topics.MARKET,
			groupId = "${paperlink.market.feed.group-prefix:alliance-market-feed}-${random.uuid}",
			properties = "auto.offset.reset=latest")
	void onMarketEvent(ConsumerRecord<String, String> record) {
		AllianceEvent event = read(record);
		if (event instanceof MatchFound match) {
			// Before the feed tells anyone, so that the counterpart's matches already
			// hold it.
			recordOnCounterpart(match).toFuture().join();
		}
		if (event instanceof ListingPublished published) {
			this.open.put(OpenListing.of(published));
		}
		if (event instanceof ListingClosed closed) {
			this.open.remove(closed.listingId());
		}
		append(record.partition(), record.offset(), event);
	}

	private AllianceEvent read(ConsumerRecord<String, String> record) {
		try {
			CloudEventEnvelope envelope = CloudEventEnvelope.readFrom(record.headers());
			EventType type = EventType.ofCeType(envelope.type()).orElse(null);
			return (type != null && record.value() != null) ? this.json.readValue(record.value(), type.payloadType())
					: null;
		}
		catch (RuntimeException ex) {
			log.warn("Market feed skips an unreadable record at {}-{}@{}: {}", record.topic(), record.partition(),
					record.offset(), ex.getMessage());
			return null;
		}
	}

	/** Idempotent: a record read again after a retry or a rebalance changes nothing. */
	private void append(int partition, long offset, AllianceEvent event) {
		synchronized (this.lock) {
			if (this.position.hasSeen(partition, offset)) {
				return;
			}
			this.position = this.position.after(partition, offset);
			if (event == null) {
				return;
			}
			FeedItem item = new FeedItem(partition, offset, this.position, event);
			this.journal.addLast(item);
			while (this.journal.size() > this.properties.feed().journalSize()) {
				this.journal.removeFirst();
			}
			for (Subscriber subscriber : this.subscribers) {
				subscriber.offer(item);
			}
		}
	}

	/**
	 * The match as the counterpart's owner sees it, added to the counterpart listing
	 * unless it is there already.
	 */
	private Mono<Void> recordOnCounterpart(MatchFound match) {
		if (match.triggeredBy() == null) {
			return Mono.empty();
		}
		String counterpartId = match.triggeredBy().equals(match.needListingId()) ? match.offerListingId()
				: match.needListingId();
		return this.mongo.findById(match.triggeredBy(), Listing.class)
			.flatMap((trigger) -> Mono.justOrEmpty(trigger.matchesOrEmpty()
				.stream()
				.filter((found) -> found.matchId().equals(match.matchId()))
				.findFirst()
				.map((found) -> new ListingMatch(match.matchId(), trigger.id(), trigger.memberId(),
						trigger.enterpriseName(), trigger.side(), trigger.category(), trigger.spec(),
						trigger.quantity(), trigger.unit(), trigger.priceMinYuan(), trigger.priceMaxYuan(),
						trigger.region(), found.score(), found.factors(), match.foundAt()))))
			// by _id alone, so that the store finds it by its key (mongo-java-server uses
			// an index
			// only for a query on exactly its keys); the entry is the same from every
			// replica and
			// every redelivery, so $addToSet adds it once
			.flatMap((entry) -> this.mongo.updateFirst(Query.query(Criteria.where("_id").is(counterpartId)),
					new Update().addToSet("matches", entry), Listing.class))
			.then();
	}

	/**
	 * The items a reader is concerned by: those after its cursor (or the recent backlog
	 * when it has none), then each new one, with nothing missed or repeated between the
	 * two. A reader too slow to keep up is cut off and resumes with its cursor.
	 */
	Flux<FeedItem> items(Predicate<AllianceEvent> concerns, FeedCursor after) {
		return Flux.defer(() -> {
			Subscriber subscriber = new Subscriber(concerns, Sinks.many()
				.unicast()
				.onBackpressureBuffer(Queues.<FeedItem>get(this.properties.feed().backlogItems() + 1024).get()));
			List<FeedItem> backlog = new ArrayList<>();
			synchronized (this.lock) {
				for (FeedItem item : this.journal) {
					if (concerns.test(item.event())
							&& (after == null || !after.hasSeen(item.partition(), item.offset()))) {
						backlog.add(item);
					}
				}
				this.subscribers.add(subscriber);
			}
			List<FeedItem> start = (after != null) ? backlog : backlog
				.subList(Math.max(0, backlog.size() - this.properties.feed().backlogItems()), backlog.size());
			return Flux.fromIterable(start)
				.concatWith(subscriber.sink().asFlux())
				.doFinally((signal) -> this.subscribers.remove(subscriber));
		});
	}

	int readers() {
		return this.subscribers.size();
	}

	private record Subscriber(Predicate<AllianceEvent> concerns, Sinks.Many<FeedItem> sink) {

		void offer(FeedItem item) {
			if (!this.concerns.test(item.event())) {
				return;
			}
			if (this.sink.tryEmitNext(item).isFailure()) {
				this.sink.tryEmitError(new IllegalStateException("feed reader fell behind"));
			}
		}

	}

}
