package org.paperlink.alliance.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.paperlink.events.CloudEventEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which pending events are on their topics already: the relay's memory of what it sent is
 * lost when it stops, and the store's is rewound by a restore from a backup. Events
 * written before the relay last stopped (a crash between the send and the removal), or
 * before a backup and published after it, are read back from their topics from a little
 * before the oldest of them, so that they are not published a second time.
 */
final class PublishedEvents {

	/** How far before the oldest pending event its record may be stamped (clock skew). */
	private static final Duration SKEW = Duration.ofMinutes(1);

	private static final Duration POLL = Duration.ofMillis(500);

	private static final Logger log = LoggerFactory.getLogger(PublishedEvents.class);

	private PublishedEvents() {
	}

	/**
	 * @param pending events not yet removed from their aggregates
	 * @param consumer a consumer with no group, closed by the caller
	 * @param atMost how long the reading may take in all; what was found by then is
	 * returned (an id read back is on Kafka for certain)
	 * @return the ids of those found on their topics
	 */
	static Set<String> among(Collection<PendingEvent> pending, Consumer<byte[], byte[]> consumer, Duration atMost) {
		List<PendingEvent> published = pending.stream().filter(PendingEvent::published).toList();
		if (published.isEmpty()) {
			return Set.of();
		}
		long deadline = System.nanoTime() + atMost.toNanos();
		Set<String> wanted = published.stream().map(PendingEvent::eventId).collect(Collectors.toSet());
		long from = published.stream()
			.map(PendingEvent::time)
			.min(Instant::compareTo)
			.orElseThrow()
			.minus(SKEW)
			.toEpochMilli();
		List<TopicPartition> partitions = new ArrayList<>();
		for (String topic : published.stream().map(PendingEvent::topic).collect(Collectors.toSet())) {
			List<PartitionInfo> infos = consumer.partitionsFor(topic, left(deadline));
			if (infos != null) {
				infos.forEach((info) -> partitions.add(new TopicPartition(topic, info.partition())));
			}
		}
		consumer.assign(partitions);
		Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, left(deadline));
		Map<TopicPartition, Long> since = new HashMap<>();
		partitions.forEach((partition) -> since.put(partition, from));
		Map<TopicPartition, Long> unread = new HashMap<>();
		consumer.offsetsForTimes(since, left(deadline)).forEach((partition, found) -> {
			long end = ends.getOrDefault(partition, 0L);
			if (found != null && found.offset() < end) {
				consumer.seek(partition, found.offset());
				unread.put(partition, end);
			}
		});
		// the others hold nothing from that time on: not fetched at all
		consumer.pause(partitions.stream().filter((partition) -> !unread.containsKey(partition)).toList());
		Set<String> found = new HashSet<>();
		while (!unread.isEmpty() && System.nanoTime() - deadline < 0) {
			for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
				Header id = record.headers().lastHeader(CloudEventEnvelope.HEADER_ID);
				if (id != null) {
					String eventId = new String(id.value(), StandardCharsets.UTF_8);
					if (wanted.contains(eventId)) {
						found.add(eventId);
					}
				}
			}
			unread.keySet().removeIf((partition) -> consumer.position(partition) >= unread.get(partition));
		}
		if (!unread.isEmpty()) {
			log.warn(
					"Reading pending events back from {} took longer than {}; {} found by then are not published again",
					unread.keySet(), atMost, found.size());
		}
		return found;
	}

	private static Duration left(long deadline) {
		return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
	}

}
