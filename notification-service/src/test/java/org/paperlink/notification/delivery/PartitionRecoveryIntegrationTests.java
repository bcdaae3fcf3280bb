package org.paperlink.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.paperlink.events.Topics;
import org.paperlink.notification.support.NotificationIntegrationTest;
import org.paperlink.notification.support.TestRobots;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service's own listeners tell the deliveries which partitions they consume: a
 * delivery a replica that died left pending on a partition is sent by the replica the
 * partition is assigned to, without waiting for the slow sweep.
 */
@NotificationIntegrationTest
class PartitionRecoveryIntegrationTests {

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	@Autowired
	private ReactiveMongoTemplate mongo;

	@Test
	void aDeliveryLeftPendingOnAPartitionByAReplicaThatDiedIsSentOnceThePartitionIsAssignedHere() {
		String title = "分区接管-" + UUID.randomUUID();
		MessageListenerContainer capacity = this.listeners.getListenerContainer("capacity-notifications");
		capacity.stop();
		try {
			String url = TestRobots.shared().url("/webhook-outage");
			String eventId = UUID.randomUUID().toString();
			Instant now = Instant.now();
			this.mongo
				.insert(new Delivery(Delivery.idOf(eventId, "role:SECRETARIAT", Transport.WEBHOOK, url), eventId,
						"org.paperlink.capacity.reported.v1", "role:SECRETARIAT", Transport.WEBHOOK, url, null, title,
						"正文", false, DeliveryStatus.PENDING, 0, null, now, now, null, UUID.randomUUID().toString(), 1L,
						Topics.CAPACITY + "-0", "a replica that died"))
				.block();
		}
		finally {
			capacity.start();
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> TestRobots.shared().delivered(title).size() == 1);
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.untilAsserted(() -> assertThat(TestRobots.shared().delivered(title)).hasSize(1));
	}

}
