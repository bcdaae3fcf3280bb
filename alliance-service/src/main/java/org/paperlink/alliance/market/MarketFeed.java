package org.paperlink.alliance.market;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.paperlink.events.AllianceEvent;
import org.paperlink.events.CloudEventEnvelope;
import org.paperlink.events.EventType;
import org.paperlink.events.ListingClosed;
import org.paperlink.events.ListingPublished;
import org.paperlink.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Every replica reads the whole market topic, in a consumer group of its own, starting a
 * week back. From it the replica keeps its open listings current with the others' writes
 * (matching each listing it reads with its whole book first: {@link LateMatches}),
 * records each match on the counterpart listing too, and serves the live feed: a journal
 * of recent events to start or resume from, then each new event as it comes, to every
 * connected member it concerns.
 */
@Component
class MarketFeed implements ConsumerSeekAware {

	private static final Logger log = LoggerFactory.getLogger(MarketFeed.class);

	private final OpenListings open;

	private final JsonMapper json;

	private final MarketProperties properties;

	private final Clock clock;

	private final Object lock = new Object();

	private final Deque<FeedItem> journal = new ArrayDeque<>();

	/** The ids of the latest events read, oldest first. */
	private final java.util.LinkedHashSet<String> seenEventIds = new java.util.LinkedHashSet<>();

	private FeedCursor position = FeedCursor.START;

	/**
	 * For each partition, the first offset the journal still knows of: the first record
	 * read, moved on as old items leave the journal. A reader behind it may have missed
	 * items.
	 */
	private final Map<Integer, Long> journalStart = new java.util.HashMap<>();

	private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

	private final LateMatches lateMatches;

	MarketFeed(OpenListings open, LateMatches lateMatches, JsonMapper json, MarketProperties properties, Clock clock,
			MeterRegistry meters) {
		this.open = open;
		this.lateMatches = lateMatches;
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
		// a match found later for a counterpart is recorded before its event is published
		// (ListingMatches), so the counterpart's matches already hold it
		AllianceEvent event = read(record);
		String eventId = (event != null) ? new String(record.headers().lastHeader(CloudEventEnvelope.HEADER_ID).value(),
				java.nio.charset.StandardCharsets.UTF_8) : null;
		if (event != null && isRepeat(eventId)) {
			// the relay sent it again (a crash between send and removal): a listing
			// published twice must not come back to the book or the feed
			append(record.partition(), record.offset(), null);
			return;
		}
		if (event instanceof ListingPublished published) {
			OpenListing listing = OpenListing.of(published);
			// the book first: a publication it already accounts for (open, or ended
			// before it was loaded) must not come back from a replay
			this.open.whenLoaded().toFuture().join();
			boolean endedBeforeLoad = !this.open.contains(listing.id()) && this.open.predatesLoad(listing);
			if (!endedBeforeLoad) {
				if (isRecent(listing)) {
					// match it against the whole book, which may hold a counterpart its
					// publication could not see. The consumer thread waits, so that the
					// listing joins the book after; a store error fails the record, which
					// is read again once the store is back
					this.lateMatches.check(listing).toFuture().join();
				}
				this.open.put(listing);
			}
		}
		if (event instanceof ListingClosed closed) {
			this.open.remove(closed.listingId());
		}
		remember(eventId);
		append(record.partition(), record.offset(), event);
	}

	/**
	 * Whether a publication is recent enough for matches its publication missed: two
	 * listings published at the same moment are read within seconds, or after an outage
	 * of the broker; a replay of the week after a start is not matched again.
	 */
	private boolean isRecent(OpenListing listing) {
		return listing.publishedAt().isAfter(this.clock.instant().minus(LATE_MATCH_WINDOW));
	}

	private static final Duration LATE_MATCH_WINDOW = Duration.ofHours(1);

	/**
	 * Whether an event of this id was read already; the ids of the journal's events are
	 * remembered, far more than a re-send can lag.
	 */
	private boolean isRepeat(String eventId) {
		synchronized (this.lock) {
			return this.seenEventIds.contains(eventId);
		}
	}

	/**
	 * Remembers an event once it was handled, so that a retry of a failed one is not a
	 * repeat.
	 */
	private void remember(String eventId) {
		if (eventId == null) {
			return;
		}
		synchronized (this.lock) {
			this.seenEventIds.add(eventId);
			if (this.seenEventIds.size() > this.properties.feed().journalSize()) {
				this.seenEventIds.remove(this.seenEventIds.iterator().next());
			}
		}
	}

	private AllianceEvent read(ConsumerRecord<String, String> record) {
		try {
			CloudEventEnvelope envelope = CloudEventEnvelope.readFrom(record.headers());
			EventType type = EventType.ofCeType(envelope.type()).orElse(null);
			return (type != null && record.value() != null) ? type.read(this.json, record.value()) : null;
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
			this.journalStart.putIfAbsent(partition, offset);
			if (event == null) {
				return;
			}
			FeedItem item = new FeedItem(partition, offset, this.position, event);
			this.journal.addLast(item);
			while (this.journal.size() > this.properties.feed().journalSize()) {
				FeedItem evicted = this.journal.removeFirst();
				this.journalStart.merge(evicted.partition(), evicted.offset() + 1, Math::max);
			}
			for (Subscriber subscriber : this.subscribers) {
				subscriber.offer(item);
			}
		}
	}

	/**
	 * The items a reader is concerned by: those after its cursor (or the recent backlog
	 * when it has none), then each new one, with nothing missed or repeated between the
	 * two: a new item this replica reads is passed on only if the cursor has not seen it
	 * (the reader may come from a replica that had read further). A cursor from before
	 * what the journal still holds gets {@link FeedItem#RESYNC} first, then the recent
	 * backlog. A reader too slow to keep up is cut off and resumes with its cursor.
	 */
	Flux<FeedItem> items(Predicate<AllianceEvent> concerns, FeedCursor resumeAfter) {
		return Flux.defer(() -> {
			Subscriber subscriber = new Subscriber(concerns, Sinks.many()
				.unicast()
				.onBackpressureBuffer(Queues.<FeedItem>get(this.properties.feed().backlogItems() + 1024).get()));
			List<FeedItem> backlog = new ArrayList<>();
			boolean gap;
			FeedCursor after;
			synchronized (this.lock) {
				gap = resumeAfter != null && isBeforeJournal(resumeAfter);
				after = gap ? null : resumeAfter;
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
			// each item's cursor is this replica's position merged with what the reader
			// had seen (perhaps further, on another replica), so its ids never go back
			AtomicReference<FeedCursor> seen = new AtomicReference<>((after != null) ? after : FeedCursor.START);
			return Flux.fromIterable(gap ? List.of(FeedItem.RESYNC) : List.<FeedItem>of())
				.concatWith(Flux.fromIterable(start)
					.concatWith(subscriber.sink()
						.asFlux()
						.filter((item) -> after == null || !after.hasSeen(item.partition(), item.offset())))
					.map((item) -> new FeedItem(item.partition(), item.offset(),
							seen.updateAndGet((cursor) -> cursor.merge(item.cursor())), item.event())))
				.doFinally((signal) -> this.subscribers.remove(subscriber));
		});
	}

	/**
	 * Whether the cursor is behind the journal on a partition it names: items between the
	 * two may have gone unseen. (A partition the cursor does not name had nothing for the
	 * reader when it was read.)
	 */
	private boolean isBeforeJournal(FeedCursor cursor) {
		return cursor.next()
			.entrySet()
			.stream()
			.anyMatch((next) -> next.getValue() < this.journalStart.getOrDefault(next.getKey(), 0L));
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
