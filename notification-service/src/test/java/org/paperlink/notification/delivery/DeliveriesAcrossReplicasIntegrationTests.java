package org.paperlink.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.mongodb.client.result.UpdateResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperlink.notification.support.NotificationIntegrationTest;
import org.paperlink.notification.support.TestRobots;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.data.mongodb.core.query.UpdateDefinition;

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

	/**
	 * A replica that dies holding the claim on a member's older delivery holds the newer
	 * ones back until its lease ends: the reader gets them in the member's order, once
	 * each.
	 */
	@Test
	void deliveriesOfOneAggregateToOneAddressArriveInItsOrderEvenPastAReplicaThatDiedHoldingTheOlder() {
		String batch = UUID.randomUUID().toString();
		List<Delivery> line = pendingWebhooks(batch, 3, batch);
		DeliveryOrder order = new DeliveryOrder(this.mongo);
		order.enqueue(line.get(0)).then(this.mongo.insert(line.get(0))).block();
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(line.get(0).id())),
				new Update().set(Deliveries.CLAIMED_BY, "a replica that died")
					.set(Deliveries.CLAIMED_UNTIL, Instant.now().plusSeconds(3)),
				Delivery.class)
			.block();

		replica().plan(line.subList(1, 3)).block();

		await().atMost(Duration.ofSeconds(20)).until(() -> TestRobots.shared().delivered(batch).size() >= 3);
		assertThat(TestRobots.shared().delivered(batch).stream().map((request) -> titleIn(request.body(), batch)))
			.containsExactly(batch + "-0", batch + "-1", batch + "-2");
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(
					this.mongo.findById(DeliveryOrder.lineOf(line.get(0)), DeliveryOrder.Line.class).block())
				.as("the line, once empty")
				.isNull());
	}

	/**
	 * A store that fails the record of a delivery that went out (a restart) delays the
	 * record; it does not make the message go out again.
	 */
	@Test
	void aSendWhoseRecordTheStoreFailsIsRecordedWhenTheStoreAnswersAndNotSentAgain() {
		String batch = UUID.randomUUID().toString();
		AtomicInteger refused = new AtomicInteger();
		ReactiveMongoTemplate restarting = new ReactiveMongoTemplate(this.mongo.getMongoDatabaseFactory(),
				this.mongo.getConverter()) {
			@Override
			public Mono<UpdateResult> updateFirst(Query query, UpdateDefinition update, Class<?> entityClass) {
				Object set = update.getUpdateObject().get("$set");
				boolean recordsASend = set instanceof org.bson.Document fields
						&& String.valueOf(fields.get("status")).equals(DeliveryStatus.SENT.name());
				// each subscription (each retry) asks the store again, as the real
				// template does
				return Mono.defer(() -> (recordsASend && refused.incrementAndGet() <= 3)
						? Mono.error(new DataAccessResourceFailureException("the store is restarting"))
						: super.updateFirst(query, update, entityClass));
			}
		};
		Deliveries replica = new Deliveries(restarting, this.email, this.robots, FAST, new SimpleMeterRegistry(),
				Clock.systemUTC());
		replica.startPolling();
		this.replicas.add(replica);
		List<Delivery> one = pendingWebhooks(batch, 1);

		replica.plan(one).block();

		await().atMost(Duration.ofSeconds(20))
			.until(() -> DeliveryStatus.SENT
				.equals(this.mongo.findById(one.get(0).id(), Delivery.class).map(Delivery::status).block()));
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> refused.get() > 3);
		assertThat(TestRobots.shared().delivered(batch)).hasSize(1);
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
		return pendingWebhooks(batch, count, null);
	}

	/**
	 * Deliveries to one webhook; about one aggregate, in its order, when a subject is
	 * given.
	 */
	private static List<Delivery> pendingWebhooks(String batch, int count, String subject) {
		String url = TestRobots.shared().url("/webhook-outage");
		Instant now = Instant.now();
		List<Delivery> deliveries = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String eventId = UUID.randomUUID().toString();
			deliveries.add(new Delivery(Delivery.idOf(eventId, "role:SECRETARIAT", Transport.WEBHOOK, url), eventId,
					"org.paperlink.test.v1", "role:SECRETARIAT", Transport.WEBHOOK, url, null, batch + "-" + i, "正文",
					false, DeliveryStatus.PENDING, 0, null, now, now, null, subject,
					(subject != null) ? i + 1L : null));
		}
		return deliveries;
	}

}
