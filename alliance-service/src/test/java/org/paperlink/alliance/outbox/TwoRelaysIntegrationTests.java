package org.paperlink.alliance.outbox;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.alliance.support.Api;
import org.paperlink.events.Topics;
import org.paperlink.platform.StartupReadiness;
import org.paperlink.testsupport.RecordedTopic;
import org.paperlink.testsupport.TestInfrastructure;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas relay one store: this context's relay, which each write asks to publish at
 * once, and a second relay on the same store and broker that sweeps without pause, as the
 * other replica's sweep and immediate drains would. Every event reaches the topic once,
 * and each member's events in the order of its versions.
 */
@AllianceIntegrationTest
class TwoRelaysIntegrationTests {

	private static final int MEMBERS = 4;

	private static final int REPORTS_EACH = 6;

	@Autowired
	private WebTestClient client;

	@Autowired
	private ReactiveMongoTemplate mongo;

	@Autowired
	private KafkaTemplate<String, String> kafka;

	@Autowired
	private List<AggregateType> aggregates;

	@Autowired
	private EventProjections projections;

	@Autowired
	private OutboxProperties properties;

	@Autowired
	private TraceContexts traces;

	@Test
	void eachEventIsPublishedOnceAndInVersionOrderWhileTwoReplicasRelay() {
		List<Api.SignedInMember> members = new ArrayList<>();
		for (int i = 0; i < MEMBERS; i++) {
			members.add(Api.newActiveMember(this.client));
		}
		OutboxRelay otherReplica = new OutboxRelay(this.mongo, this.kafka, this.aggregates, this.projections,
				this.properties, this.traces, new SimpleMeterRegistry(), new StartupReadiness());
		otherReplica.start();
		Disposable sweeping = Flux.interval(Duration.ofMillis(5))
			.onBackpressureDrop()
			.concatMap((tick) -> otherReplica.sweep())
			.subscribe();
		try (RecordedTopic capacity = new RecordedTopic(TestInfrastructure.shared().kafkaBootstrapServers(),
				Topics.CAPACITY)) {
			for (int report = 1; report <= REPORTS_EACH; report++) {
				for (Api.SignedInMember member : members) {
					report(member, 120_000 + report * 1_000L);
				}
			}
			for (Api.SignedInMember member : members) {
				capacity.await(RecordedTopic.withKey(member.id()), REPORTS_EACH, Duration.ofSeconds(30));
			}
			sweeping.dispose();
			otherReplica.stop();
			// both relays are idle; a duplicate sent last would still be on its way
			Awaitility.await()
				.during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(5))
				.until(() -> members.stream()
					.allMatch(
							(member) -> capacity.matching(RecordedTopic.withKey(member.id())).size() == REPORTS_EACH));

			for (Api.SignedInMember member : members) {
				List<ConsumerRecord<String, String>> records = capacity.matching(RecordedTopic.withKey(member.id()));
				Map<String, Long> perEvent = records.stream()
					.collect(Collectors.groupingBy((record) -> RecordedTopic.header(record, "ce_id"),
							Collectors.counting()));
				assertThat(perEvent).as("records per event of %s", member.id()).hasSize(REPORTS_EACH);
				assertThat(perEvent.values()).as("records per event of %s", member.id()).containsOnly(1L);
				List<Long> versions = records.stream()
					.map((record) -> RecordedTopic.header(record, "ce_aggregateversion"))
					.map(Long::valueOf)
					.toList();
				assertThat(versions).as("aggregate versions in topic order").isSorted().doesNotHaveDuplicates();
			}
			// and nothing is left pending, or held by either replica
			Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> members.forEach((member) -> {
				Document stored = this.mongo.findById(member.id(), Document.class, "members").block();
				assertThat(stored.getList(AggregateStore.PENDING_EVENTS, Object.class)).isEmpty();
				assertThat(stored).doesNotContainKey(OutboxRelay.RELAY_LEASE);
			}));
		}
		finally {
			sweeping.dispose();
			otherReplica.stop();
		}
	}

	private void report(Api.SignedInMember member, long tonnes) {
		this.client.post()
			.uri("/api/v1/members/{id}/capacity-reports", member.id())
			.header(HttpHeaders.AUTHORIZATION, member.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("category", "HIGH_STRENGTH_CORRUGATING", "annualTonnes", tonnes, "effectiveFrom",
					LocalDate.now().toString(), "reason", "EXPANSION"))
			.exchange()
			.expectStatus()
			.isCreated();
	}

}
