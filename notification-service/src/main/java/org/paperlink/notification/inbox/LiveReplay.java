package org.paperlink.notification.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * What a reader coming back with {@code Last-Event-ID} missed: the live topic read from
 * that offset up to its end as it is now, or "resync" when it is too far behind (beyond
 * the topic's retention or the replay limit).
 */
@Component
class LiveReplay {

	private final ConsumerFactory<String, String> consumers;

	private final LiveRecords records;

	private final LiveInboxProperties properties;

	LiveReplay(ConsumerFactory<String, String> consumers, LiveRecords records, LiveInboxProperties properties) {
		this.consumers = consumers;
		this.records = records;
		this.properties = properties;
	}

	record Replay(List<LiveInbox.Entry> entries, long end, boolean resync) {

		static final Replay RESYNC_ONLY = new Replay(List.of(), 0, true);

	}

	/** The entries of these recipients from offset {@code from} on. */
	Mono<Replay> from(Set<String> recipients, long from) {
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
				List<LiveInbox.Entry> missed = new ArrayList<>();
				Instant deadline = Instant.now().plusSeconds(20);
				while (consumer.position(partition) < end && Instant.now().isBefore(deadline)) {
					for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
						LiveInbox.Entry entry = (record.offset() < end) ? this.records.entry(record) : null;
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

}
