package org.paperlink.notification.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.paperlink.platform.CreatesTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
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

	private static final Logger log = LoggerFactory.getLogger(LiveInbox.class);

	private final KafkaTemplate<String, String> kafka;

	private final ConsumerFactory<String, String> consumers;

	private final JsonMapper json;

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

	static final int AUDIENCE_PER_RECORD = 500;

	LiveInbox(KafkaTemplate<String, String> kafka, ConsumerFactory<String, String> consumers, JsonMapper json,
			LiveInboxProperties properties, MeterRegistry meters) {
		this.kafka = kafka;
		this.consumers = consumers;
		this.json = json;
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
	 * records of at most {@value #AUDIENCE_PER_RECORD} of its audience each, so that no
	 * record grows with the audience.
	 */
	Mono<Void> publish(List<InboxEntry> own, List<SharedEntry> shared) {
		Flux<Published> records = Flux.concat(
				Flux.fromIterable(own).map((entry) -> new Published(InboxItem.of(entry), List.of(entry.recipient()))),
				Flux.fromIterable(shared)
					.concatMap((entry) -> Flux.fromIterable(partition(entry.audience()))
						.map((part) -> new Published(entry.as(null), part))));
		return records
			.flatMap((published) -> Mono.fromFuture(() -> this.kafka.send(new ProducerRecord<>(this.properties.topic(),
					published.recipients().get(0), this.json.writeValueAsString(published)))), 256)
			.then();
	}

	private static List<List<String>> partition(List<String> audience) {
		List<List<String>> parts = new ArrayList<>();
		for (int from = 0; from < audience.size(); from += AUDIENCE_PER_RECORD) {
			parts.add(audience.subList(from, Math.min(audience.size(), from + AUDIENCE_PER_RECORD)));
		}
		return parts;
	}

	/** One record of the topic: an entry as its readers see it, and whose it is. */
	record Published(InboxItem item, List<String> recipients) {

	}

	@KafkaListener(id = "inbox-live", topics = "${paperlink.inbox.live.topic:paperlink.notification.inbox-live}",
			groupId = "${paperlink.inbox.live.group-prefix:notification-live}-${random.uuid}",
			// a group of its own per start, read from the end: its offsets are never read
			// back, so they are not committed after every record
			properties = { "auto.offset.reset=latest", "enable.auto.commit=true" })
	void onEntry(ConsumerRecord<String, String> record) {
		Published published = read(record);
		Entry live = (published != null) ? new Entry(record.offset(), published.item(), published.recipients(),
				this.json.writeValueAsString(published.item())) : null;
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
			Mono<Replay> replay = (after != null) ? replay(reader.recipients(), after + 1)
					: Mono.just(new Replay(List.of(), 0, true));
			return replay
				.flatMapMany((missed) -> missed.resync() ? Flux.<LiveEvent>just(here, RESYNC).concatWith(live)
						: Flux.<LiveEvent>just(new Opened(after))
							.concatWith(Flux.fromIterable(missed.entries()))
							.concatWith(live
								.filter((event) -> !(event instanceof Entry entry) || entry.offset() >= missed.end())))
				.doFinally((signal) -> this.readers.remove(reader));
		});
	}

	private record Replay(List<Entry> entries, long end, boolean resync) {

	}

	/** Reads the topic from {@code from} up to its end as it is now. */
	private Mono<Replay> replay(Set<String> recipients, long from) {
		return Mono.fromCallable(() -> {
			Properties overrides = new Properties();
			overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
			try (Consumer<String, String> consumer = this.consumers.createConsumer("notification-live-replay",
					"inbox-replay", null, overrides)) {
				TopicPartition partition = new TopicPartition(this.properties.topic(), 0);
				consumer.assign(List.of(partition));
				long start = consumer.beginningOffsets(List.of(partition)).get(partition);
				long end = consumer.endOffsets(List.of(partition)).get(partition);
				if (from < start || from > end || end - from > this.properties.replayLimit()) {
					return new Replay(List.of(), end, true);
				}
				consumer.seek(partition, from);
				List<Entry> missed = new ArrayList<>();
				Instant deadline = Instant.now().plusSeconds(20);
				while (consumer.position(partition) < end && Instant.now().isBefore(deadline)) {
					for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
						Published published = (record.offset() < end) ? read(record) : null;
						Entry entry = (published != null) ? new Entry(record.offset(), published.item(),
								published.recipients(), this.json.writeValueAsString(published.item())) : null;
						if (entry != null && entry.isFor(recipients)) {
							missed.add(entry);
						}
					}
				}
				return (consumer.position(partition) < end) ? new Replay(List.of(), end, true)
						: new Replay(missed, end, false);
			}
		}).subscribeOn(Schedulers.boundedElastic());
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
	 * Reads a record tolerantly: unknown fields are ignored, and a record of the release
	 * before (an {@link InboxEntry} of one recipient) is read too.
	 */
	private Published read(ConsumerRecord<String, String> record) {
		if (record.value() == null) {
			return null;
		}
		try {
			JsonNode tree = this.json.readTree(record.value());
			if (tree.has("item")) {
				return this.json.readerFor(Published.class)
					.without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
					.readValue(tree);
			}
			InboxEntry entry = this.json.readerFor(InboxEntry.class)
				.without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
				.readValue(tree);
			return new Published(InboxItem.of(entry), List.of(entry.recipient()));
		}
		catch (JacksonException ex) {
			log.warn("Live inbox skips an unreadable record at offset {}: {}", record.offset(), ex.getMessage());
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

	/** The topic: one partition, so that its offsets order every entry. */
	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(LiveInboxProperties.class)
	static class LiveInboxTopic {

		@Bean
		@CreatesTopics
		NewTopic liveInboxTopic(LiveInboxProperties properties,
				@Value("${paperlink.kafka.replication-factor:1}") short replicationFactor) {
			return new NewTopic(properties.topic(), 1, replicationFactor)
				.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(properties.retention().toMillis())));
		}

	}

}
