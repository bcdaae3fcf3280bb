package org.paperlink.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * Deliveries with two replicas on one store, each with its own lease, lines and sweep.
 * Counted from the webhook receiver's own record of the calls it answered, never from the
 * deliveries' status.
 */
@NotificationIntegrationTest
class DeliveriesAcrossReplicasIntegrationTests {

	/** A lease of 3 s, renewed every 600 ms; a sweep every 200 ms. */
	private static final DeliveryProperties FAST = new DeliveryProperties(50, Duration.ofMillis(100),
			Duration.ofMillis(400), 0.3, Duration.ofSeconds(3), Duration.ofMillis(200), 100);

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
	void pendingDeliveriesLeftByAReplicaThatDiedAreSentOnceWhenTwoReplicasLookForThem() {
		String batch = UUID.randomUUID().toString();
		List<Delivery> left = pendingWebhooks(batch, 20, null, null);
		this.mongo.insertAll(left.stream().map((delivery) -> delivery.claimedBy("a replica that died")).toList())
			.blockLast();

		replica(this.mongo);
		replica(this.mongo);

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
		Deliveries a = replica(this.mongo);
		Deliveries b = replica(this.mongo);
		List<Delivery> planned = pendingWebhooks(batch, 10, null, null);
		a.plan(planned.subList(0, 5)).block();
		b.plan(planned.subList(5, 10)).block();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> TestRobots.shared().received("/webhook-outage", batch).size() >= 20);

		b.stop();
		replica(this.mongo);
		TestRobots.shared().outage(false);

		await().atMost(Duration.ofSeconds(20))
			.until(() -> TestRobots.shared().delivered(batch).size() >= planned.size());
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(5))
			.until(() -> callsPerTitle(batch).values().stream().allMatch((calls) -> calls == 1L));
		assertThat(callsPerTitle(batch)).hasSize(planned.size());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.mongo
				.count(Query.query(Criteria.where("title").regex(batch).and("status").is(DeliveryStatus.SENT)),
						Delivery.class)
				.block() == planned.size());
	}

	/**
	 * A replica stopped (a rolling update) while robots answer slowly finishes the sends
	 * it started and gives back every claim, so the other replica goes on at once rather
	 * than after the lease, and each delivery still arrives once.
	 */
	@Test
	void aReplicaStoppedMidSendFinishesItsAttemptsAndLeavesNoClaimBehind() {
		String batch = UUID.randomUUID().toString();
		TestRobots.shared().slowness(Duration.ofMillis(800));
		Deliveries stopping = replica(this.mongo);
		List<Delivery> planned = pendingWebhooks(batch, 6, null, null);
		stopping.plan(planned).block();
		await().atMost(Duration.ofSeconds(5)).until(() -> !TestRobots.shared().arrived(batch).isEmpty());

		stopping.stop();
		assertThat(this.mongo.count(Query.query(Criteria.where("title")
			.regex(batch)
			.and("status")
			.is(DeliveryStatus.PENDING)
			.and(Deliveries.CLAIMED_BY)
			.exists(true)), Delivery.class).block()).as("claims left by the stopped replica").isZero();

		replica(this.mongo);
		// well within the lease: nothing waits for a claim to run out
		await().atMost(Duration.ofSeconds(10))
			.until(() -> TestRobots.shared().delivered(batch).size() >= planned.size());
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(5))
			.until(() -> callsPerTitle(batch).values().stream().allMatch((calls) -> calls == 1L));
		assertThat(callsPerTitle(batch)).hasSize(planned.size());
	}

	/**
	 * A partition moved here while another live replica still held its older delivery:
	 * the newer ones wait behind it until that replica's lease runs out, and the reader
	 * gets them in the member's order, once each.
	 */
	@Test
	void deliveriesOfOneAggregateArriveInItsOrderPastAReplicaThatDiedHoldingTheOlder() {
		String batch = UUID.randomUUID().toString();
		String partition = "test-" + batch;
		List<Delivery> line = pendingWebhooks(batch, 3, batch, partition);
		String dead = UUID.randomUUID().toString();
		this.mongo.insert(new ReplicaLease.Holder(dead, Instant.now().plusSeconds(2))).block();
		this.mongo.insert(line.get(0).claimedBy(dead)).block();

		Deliveries owner = replica(this.mongo);
		owner.assigned(List.of(partition));
		owner.plan(line.subList(1, 3)).block();

		await().atMost(Duration.ofSeconds(20)).until(() -> TestRobots.shared().delivered(batch).size() >= 3);
		assertThat(TestRobots.shared().delivered(batch).stream().map((request) -> titleIn(request.body(), batch)))
			.containsExactly(batch + "-0", batch + "-1", batch + "-2");
		assertThat(TestRobots.shared().delivered(batch).get(0).at()).as("the oldest, once the dead lease ran out")
			.isAfter(Instant.now().minusSeconds(60));
	}

	/**
	 * A replica whose lease lapses (paused, or cut off from the store) stops sending; the
	 * partition's next owner takes its deliveries over once the lease has run out, and
	 * each arrives once, in order.
	 */
	@Test
	void aReplicaThatCannotRenewItsLeaseStopsSendingAndTheNextOwnerSendsItsDeliveriesOnceInOrder() {
		String batch = UUID.randomUUID().toString();
		String partition = "test-" + batch;
		AtomicBoolean cutOff = new AtomicBoolean();
		ReactiveMongoTemplate failingLeases = new ReactiveMongoTemplate(this.mongo.getMongoDatabaseFactory(),
				this.mongo.getConverter()) {
			@Override
			public Mono<UpdateResult> upsert(Query query, UpdateDefinition update, Class<?> entityClass) {
				return Mono.defer(() -> (cutOff.get() && entityClass == ReplicaLease.Holder.class)
						? Mono.error(new DataAccessResourceFailureException("the store is away"))
						: super.upsert(query, update, entityClass));
			}
		};
		TestRobots.shared().outage(true);
		Deliveries paused = replica(failingLeases);
		paused.assigned(List.of(partition));
		List<Delivery> line = pendingWebhooks(batch, 4, batch, partition);
		paused.plan(line).block();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !TestRobots.shared().received("/webhook-outage", batch).isEmpty());

		cutOff.set(true);
		// the partition moves as Kafka moves it from a replica that stopped answering;
		// this
		// one has not noticed, and keeps its lines
		Deliveries next = replica(this.mongo);
		next.assigned(List.of(partition));
		TestRobots.shared().outage(false);

		await().atMost(Duration.ofSeconds(30)).until(() -> TestRobots.shared().delivered(batch).size() >= 4);
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(6))
			.until(() -> callsPerTitle(batch).values().stream().allMatch((calls) -> calls == 1L));
		assertThat(TestRobots.shared().delivered(batch).stream().map((request) -> titleIn(request.body(), batch)))
			.containsExactly(batch + "-0", batch + "-1", batch + "-2", batch + "-3");
	}

	/**
	 * An outcome is written only where the claim still stands: once another replica took
	 * the delivery over, the first one's record of it changes nothing.
	 */
	@Test
	void anOutcomeUnderAClaimTakenOverMeanwhileChangesNothing() {
		String batch = UUID.randomUUID().toString();
		TestRobots.shared().slowness(Duration.ofMillis(1500));
		Deliveries slow = replica(this.mongo);
		List<Delivery> one = pendingWebhooks(batch, 1, null, null);
		slow.plan(one).block();
		await().atMost(Duration.ofSeconds(5)).until(() -> !TestRobots.shared().arrived(batch).isEmpty());

		String taker = UUID.randomUUID().toString();
		this.mongo.insert(new ReplicaLease.Holder(taker, Instant.now().plusSeconds(60))).block();
		this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(one.get(0).id())),
					new Update().set(Deliveries.CLAIMED_BY, taker), Delivery.class)
			.block();

		await().atMost(Duration.ofSeconds(10)).until(() -> TestRobots.shared().delivered(batch).size() == 1);
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
			Delivery record = this.mongo.findById(one.get(0).id(), Delivery.class).block();
			assertThat(record.status()).as(record.toString()).isEqualTo(DeliveryStatus.PENDING);
			assertThat(record.claimedBy()).isEqualTo(taker);
		});
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
			public Mono<UpdateResult> updateMulti(Query query, UpdateDefinition update, Class<?> entityClass) {
				Object set = update.getUpdateObject().get("$set");
				boolean recordsASend = set instanceof org.bson.Document fields
						&& String.valueOf(fields.get("status")).equals(DeliveryStatus.SENT.name());
				// each subscription (each retry) asks the store again, as the real
				// template does
				return Mono.defer(() -> (recordsASend && refused.incrementAndGet() <= 3)
						? Mono.error(new DataAccessResourceFailureException("the store is restarting"))
						: super.updateMulti(query, update, entityClass));
			}
		};
		Deliveries replica = replica(restarting);
		List<Delivery> one = pendingWebhooks(batch, 1, null, null);

		replica.plan(one).block();

		await().atMost(Duration.ofSeconds(20))
			.until(() -> DeliveryStatus.SENT
				.equals(this.mongo.findById(one.get(0).id(), Delivery.class).map(Delivery::status).block()));
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> refused.get() > 3);
		assertThat(TestRobots.shared().delivered(batch)).hasSize(1);
	}

	/**
	 * A replica: its own lease, lines and sweep, on the shared store.
	 */
	private Deliveries replica(ReactiveMongoTemplate store) {
		Deliveries replica = new Deliveries(store, this.email, this.robots, FAST, new SimpleMeterRegistry(),
				Clock.systemUTC());
		replica.start();
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

	/**
	 * Deliveries to one webhook; about one aggregate, in its order, when a subject is
	 * given; of a partition when one is given.
	 */
	private static List<Delivery> pendingWebhooks(String batch, int count, String subject, String partition) {
		String url = TestRobots.shared().url("/webhook-outage");
		Instant now = Instant.now();
		List<Delivery> deliveries = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String eventId = UUID.randomUUID().toString();
			deliveries.add(new Delivery(Delivery.idOf(eventId, "role:SECRETARIAT", Transport.WEBHOOK, url), eventId,
					"org.paperlink.test.v1", "role:SECRETARIAT", Transport.WEBHOOK, url, null, batch + "-" + i, "正文",
					false, DeliveryStatus.PENDING, 0, null, now, now, null, subject, (subject != null) ? i + 1L : null,
					partition, null));
		}
		return deliveries;
	}

}
