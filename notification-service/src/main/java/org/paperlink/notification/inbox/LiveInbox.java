package org.paperlink.notification.inbox;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * New inbox entries, live, on every replica whichever wrote them. The replica that writes
 * an entry publishes it to a topic of one partition; every replica reads that topic in a
 * consumer group of its own and passes each entry to its connected readers. The topic's
 * offset is the stream's event id, one order for all replicas, so a reader that comes
 * back with {@code Last-Event-ID} on any replica is replayed exactly what came after it,
 * read from the topic, and then goes on live with nothing missed or repeated between the
 * two. A reader too far behind (beyond the topic's retention or the replay limit), or too
 * slow to take what comes, is sent {@code resync}: reload the inbox.
 */
@Component
public class LiveInbox implements ConsumerSeekAware {

	private final KafkaTemplate<String, String> kafka;

	private final LiveRecords records;

	private final LiveReplay replay;

	private final LiveInboxProperties properties;

	private final Set<Reader> readers = ConcurrentHashMap.newKeySet();

	/**
	 * The offset of the last record passed to the readers ({@link #UNKNOWN} until the
	 * topic is assigned); it and the readers change together, under {@link #dispatching},
	 * so that a new reader's starting place and what it is passed agree.
	 */
	private long dispatched = UNKNOWN;

	private static final long UNKNOWN = Long.MIN_VALUE;

	private final Object dispatching = new Object();

	LiveInbox(KafkaTemplate<String, String> kafka, LiveRecords records, LiveReplay replay,
			LiveInboxProperties properties, MeterRegistry meters) {
		this.kafka = kafka;
		this.records = records;
		this.replay = replay;
		this.properties = properties;
		meters.gauge("paperlink.inbox.live.readers", this.readers, Set::size);
	}

	/**
	 * What a reader is sent: first where its stream starts, then each entry at its place
	 * in the stream, or "reload".
	 */
	sealed interface LiveEvent permits Opened, Entry, Resync {

	}

	/**
	 * The first event of every stream: the place it starts from, its event id, so that a
	 * reader whose stream ends before any entry came (a token's expiry, a replica's
	 * restart) comes back with {@code Last-Event-ID} and is replayed what was written in
	 * between; null when this replica does not know its place yet.
	 */
	record Opened(Long position) implements LiveEvent {

	}

	/**
	 * An entry on the stream, with its JSON written once for all its readers (a thousand
	 * open streams of the Party committee are one serialisation, not a thousand).
	 */
	record Entry(long offset, InboxItem item, List<String> recipients, String json) implements LiveEvent {

		boolean isFor(Set<String> readerRecipients) {
			return this.recipients.stream().anyMatch(readerRecipients::contains);
		}

	}

	record Resync() implements LiveEvent {

	}

	static final Resync RESYNC = new Resync();

	/**
	 * Publishes newly written entries for every replica's readers: a shared entry in
	 * records of part of its audience each ({@link LiveRecords#partition}).
	 */
	Mono<Void> publish(List<InboxEntry> own, List<SharedEntry> shared) {
		Flux<LiveRecords.Published> published = Flux.concat(
				Flux.fromIterable(own)
					.map((entry) -> new LiveRecords.Published(InboxItem.of(entry), List.of(entry.recipient()))),
				Flux.fromIterable(shared)
					.concatMap((entry) -> Flux.fromIterable(LiveRecords.partition(entry.audience()))
						.map((part) -> new LiveRecords.Published(entry.as(null), part))));
		return published
			.flatMap((record) -> Mono.fromFuture(() -> this.kafka.send(new ProducerRecord<>(this.properties.topic(),
					record.recipients().get(0), this.records.write(record)))), 256)
			.then();
	}

	@KafkaListener(id = "inbox-live", topics = "${paperlink.inbox.live.topic:paperlink.notification.inbox-live}",
			groupId = "${paperlink.inbox.live.group-prefix:notification-live}-${random.uuid}",
			// a group of its own per start, read from the end: its offsets are never read
			// back, so they are not committed after every record
			properties = { "auto.offset.reset=latest", "enable.auto.commit=true" })
	void onEntry(ConsumerRecord<String, String> record) {
		Entry live = this.records.entry(record);
		synchronized (this.dispatching) {
			if (live != null) {
				for (Reader reader : this.readers) {
					reader.offer(live);
				}
			}
			this.dispatched = record.offset();
		}
	}

	/** Read from the end: the place before it is where every stream starts. */
	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		assignments.values().stream().findFirst().ifPresent((position) -> {
			synchronized (this.dispatching) {
				if (this.dispatched == UNKNOWN) {
					this.dispatched = position - 1;
				}
			}
		});
	}

	/**
	 * The entries of these recipients from after {@code lastEventId} (none: from now on),
	 * replayed and then live.
	 */
	Flux<LiveEvent> follow(List<String> recipients, String lastEventId) {
		return Flux.defer(() -> {
			// registered before the replay is read, and buffering from then on, so that
			// nothing falls between the two
			Reader reader = new Reader(Set.copyOf(recipients), this.properties.buffer());
			Opened here;
			synchronized (this.dispatching) {
				this.readers.add(reader);
				here = new Opened((this.dispatched != UNKNOWN) ? this.dispatched : null);
			}
			Flux<LiveEvent> live = reader.events();
			if (lastEventId == null || lastEventId.isBlank()) {
				return Flux.<LiveEvent>just(here).concatWith(live).doFinally((signal) -> this.readers.remove(reader));
			}
			Long after = offsetOf(lastEventId);
			Mono<LiveReplay.Replay> replayed = (after != null) ? this.replay.from(reader.recipients(), after + 1)
					: Mono.just(LiveReplay.Replay.RESYNC_ONLY);
			return replayed
				.flatMapMany((missed) -> missed.resync() ? Flux.<LiveEvent>just(here, RESYNC).concatWith(live)
						: Flux.<LiveEvent>just(new Opened(after))
							.concatWith(Flux.fromIterable(missed.entries()))
							.concatWith(live
								.filter((event) -> !(event instanceof Entry entry) || entry.offset() >= missed.end())))
				.doFinally((signal) -> this.readers.remove(reader));
		});
	}

	private static Long offsetOf(String eventId) {
		try {
			long offset = Long.parseLong(eventId.strip());
			// -1: a stream opened while the topic was empty
			return (offset >= -1) ? offset : null;
		}
		catch (NumberFormatException ex) {
			// an entry id from before the stream's ids were offsets, or garbage
			return null;
		}
	}

	/**
	 * One connected stream: whose entries it takes, and those not yet taken, at most
	 * {@code buffer} of them. A reader that lets more pile up is ended with
	 * {@code resync}.
	 */
	static final class Reader {

		private final Set<String> recipients;

		private final Sinks.Many<LiveEvent> sink;

		private volatile boolean overflowed;

		Reader(Set<String> recipients, int buffer) {
			this.recipients = recipients;
			this.sink = Sinks.many().unicast().onBackpressureBuffer(Queues.<LiveEvent>get(buffer).get());
		}

		Set<String> recipients() {
			return this.recipients;
		}

		Flux<LiveEvent> events() {
			return this.sink.asFlux().concatWith(Mono.fromSupplier(() -> this.overflowed ? RESYNC : null));
		}

		/** Called from the one listener thread of the topic, so never concurrently. */
		void offer(Entry entry) {
			if (this.overflowed || !entry.isFor(this.recipients)) {
				return;
			}
			if (this.sink.tryEmitNext(entry).isFailure()) {
				this.overflowed = true;
				this.sink.tryEmitComplete();
			}
		}

	}

}
