package org.paperlink.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperlink.notification.support.NotificationIntegrationTest;
import org.paperlink.notification.support.TestRobots;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deliveries with two replicas on one store, each with its own timers and its own look
 * for due deliveries. Counted from the webhook receiver's own record of the calls it
 * answered, never from the deliveries' status.
 */
@NotificationIntegrationTest
class DeliveriesAcrossReplicasIntegrationTests {

	private static final DeliveryProperties FAST = new DeliveryProperties(50, Duration.ofMillis(100),
			Duration.ofMillis(400), 0.3, Duration.ofSeconds(30), Duration.ofMillis(100));

	@Autowired
	private ReactiveMongoTemplate mongo;

	@Autowired
	private EmailSender email;

	@Autowired
	private RobotSenders robots;

	private final List<Deliveries> replicas = new ArrayList<>();

	@AfterEach
	void stopReplicas() {
		this.replicas.forEach(Deliveries::stop);
		TestRobots.shared().outage(false);
		TestRobots.shared().slowness(Duration.ZERO);
	}

	@Test
	void dueDeliveriesLeftByAReplicaThatDiedAreSentOnceWhenTwoReplicasLookForThem() {
		String batch = UUID.randomUUID().toString();
		List<Delivery> left = pendingWebhooks(batch, 20);
		this.mongo.insertAll(left).blockLast();

		replica();
		replica();

		await().atMost(Duration.ofSeconds(20)).until(() -> TestRobots.shared().delivered(batch).size() >= left.size());
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(5))
			.until(() -> callsPerTitle(batch).values().stream().allMatch((calls) -> calls == 1L));
		assertThat(callsPerTitle(batch)).hasSize(left.size());
	}

	@Test
	void aWebhookOutageWithBothReplicasUpAndOneRestartedSendsEachDeliveryOnce() {
		String batch = UUID.randomUUID().toString();
		TestRobots.shared().outage(true);
		Deliveries a = replica();
		Deliveries b = replica();
		List<Delivery> planned = pendingWebhooks(batch, 10);
		a.plan(planned.subList(0, 5)).block();
		b.plan(planned.subList(5, 10)).block();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> TestRobots.shared().received("/webhook-outage", batch).size() >= 20);

		b.stop();
		replica();
		TestRobots.shared().outage(false);

		await().atMost(Duration.ofSeconds(20))
			.until(() -> TestRobots.shared().delivered(batch).size() >= planned.size());
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(5))
			.until(() -> callsPerTitle(batch).values().stream().allMatch((calls) -> calls == 1L));
		assertThat(callsPerTitle(batch)).hasSize(planned.size());
		assertThat(this.mongo
			.count(Query.query(Criteria.where("title").regex(batch).and("status").is(DeliveryStatus.SENT)),
					Delivery.class)
			.block()).isEqualTo(planned.size());
	}

	/**
	 * A replica stopped (a rolling update) while robots answer slowly finishes the
	 * attempts it started and gives back every claim, so the other replica goes on at
	 * once rather than after the lease, and each delivery still arrives once.
	 */
	@Test
	void aReplicaStoppedMidSendFinishesItsAttemptsAndLeavesNoClaimBehind() {
		String batch = UUID.randomUUID().toString();
		TestRobots.shared().slowness(Duration.ofMillis(800));
		Deliveries stopping = replica();
		List<Delivery> planned = pendingWebhooks(batch, 6);
		stopping.plan(planned).block();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> !TestRobots.shared().received("/webhook-outage", batch).isEmpty());

		stopping.stop();
		assertThat(this.mongo
			.count(Query.query(Criteria.where("title").regex(batch).and(Deliveries.CLAIMED_BY).exists(true)),
					Delivery.class)
			.block()).as("claims left by the stopped replica").isZero();

		replica();
		// well within the 30 s lease: nothing waits for a claim to run out
		await().atMost(Duration.ofSeconds(10))
			.until(() -> TestRobots.shared().delivered(batch).size() >= planned.size());
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(5))
			.until(() -> callsPerTitle(batch).values().stream().allMatch((calls) -> calls == 1L));
		assertThat(callsPerTitle(batch)).hasSize(planned.size());
	}

	/**
	 * A replica: its own timers, claims and look for due deliveries, on the shared store.
	 */
	private Deliveries replica() {
		Deliveries replica = new Deliveries(this.mongo, this.email, this.robots, FAST, new SimpleMeterRegistry(),
				Clock.systemUTC());
		replica.startPolling();
		this.replicas.add(replica);
		return replica;
	}

	private Map<String, Long> callsPerTitle(String batch) {
		return TestRobots.shared()
			.delivered(batch)
			.stream()
			.collect(Collectors.groupingBy((request) -> titleIn(request.body(), batch), Collectors.counting()));
	}

	private static String titleIn(String body, String batch) {
		java.util.regex.Matcher title = java.util.regex.Pattern
			.compile(java.util.regex.Pattern.quote(batch) + "-[0-9]+")
			.matcher(body);
		return title.find() ? title.group() : body;
	}

	private static List<Delivery> pendingWebhooks(String batch, int count) {
		String url = TestRobots.shared().url("/webhook-outage");
		Instant now = Instant.now();
		List<Delivery> deliveries = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String eventId = UUID.randomUUID().toString();
			deliveries.add(new Delivery(Delivery.idOf(eventId, "role:SECRETARIAT", Transport.WEBHOOK, url), eventId,
					"org.paperlink.test.v1", "role:SECRETARIAT", Transport.WEBHOOK, url, null, batch + "-" + i, "正文",
					false, DeliveryStatus.PENDING, 0, null, now, now, null));
		}
		return deliveries;
	}

}
