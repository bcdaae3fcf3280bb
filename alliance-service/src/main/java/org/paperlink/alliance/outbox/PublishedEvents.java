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

	private PublishedEvents() {
	}

	/**
	 * @param pending events not yet removed from their aggregates
	 * @param consumer a consumer with no group, closed by the caller
	 * @param atMost how long the reading may take in all
	 * @return the ids of those found on their topics
	 */
	static Set<String> among(Collection<PendingEvent> pending, Consumer<byte[], byte[]> consumer, Duration atMost) {
		List<PendingEvent> published = pending.stream().filter(PendingEvent::published).toList();
		if (published.isEmpty()) {
			return Set.of();
		}
		Set<String> wanted = published.stream().map(PendingEvent::eventId).collect(Collectors.toSet());
		long from = published.stream()
			.map(PendingEvent::time)
			.min(Instant::compareTo)
			.orElseThrow()
			.minus(SKEW)
			.toEpochMilli();
		List<TopicPartition> partitions = new ArrayList<>();
		for (String topic : published.stream().map(PendingEvent::topic).collect(Collectors.toSet())) {
			List<PartitionInfo> infos = consumer.partitionsFor(topic, atMost);
			if (infos != null) {
				infos.forEach((info) -> partitions.add(new TopicPartition(topic, info.partition())));
			}
		}
		consumer.assign(partitions);
		Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, atMost);
		Map<TopicPartition, Long> since = new HashMap<>();
		partitions.forEach((partition) -> since.put(partition, from));
		Map<TopicPartition, Long> left = new HashMap<>();
		consumer.offsetsForTimes(since, atMost).forEach((partition, found) -> {
			long end = ends.getOrDefault(partition, 0L);
			if (found != null && found.offset() < end) {
				consumer.seek(partition, found.offset());
				left.put(partition, end);
			}
		});
		Set<String> found = new HashSet<>();
		long deadline = System.nanoTime() + atMost.toNanos();
		while (!left.isEmpty()) {
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException("reading " + left.keySet() + " back took longer than " + atMost);
			}
			for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
				Header id = record.headers().lastHeader(CloudEventEnvelope.HEADER_ID);
				if (id != null) {
					String eventId = new String(id.value(), StandardCharsets.UTF_8);
					if (wanted.contains(eventId)) {
						found.add(eventId);
					}
				}
			}
			left.keySet().removeIf((partition) -> consumer.position(partition) >= left.get(partition));
		}
		return found;
	}

}
