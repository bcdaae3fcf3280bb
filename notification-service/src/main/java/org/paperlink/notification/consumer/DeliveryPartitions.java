package org.paperlink.notification.consumer;

import java.util.Collection;
import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.paperlink.events.Topics;
import org.paperlink.notification.delivery.Deliveries;

import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Tells the deliveries which partitions of the alliance topics this replica consumes: the
 * owner of a partition sends what its events cause ({@link Deliveries}). Registered with
 * every listener container; partitions of other topics are none of its business.
 */
@Component
class DeliveryPartitions implements ConsumerAwareRebalanceListener {

	private final Deliveries deliveries;

	DeliveryPartitions(Deliveries deliveries) {
		this.deliveries = deliveries;
	}

	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		List<String> alliance = alliance(partitions);
		if (!alliance.isEmpty()) {
			this.deliveries.assigned(alliance);
		}
	}

	@Override
	public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		List<String> alliance = alliance(partitions);
		if (!alliance.isEmpty()) {
			this.deliveries.revoked(alliance);
		}
	}

	@Override
	public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		List<String> alliance = alliance(partitions);
		if (!alliance.isEmpty()) {
			this.deliveries.lost(alliance);
		}
	}

	/** As the deliveries name them: {@code topic-n}. */
	private static List<String> alliance(Collection<TopicPartition> partitions) {
		return partitions.stream()
			.filter((partition) -> Topics.ALL.contains(partition.topic()))
			.map(TopicPartition::toString)
			.toList();
	}

}
