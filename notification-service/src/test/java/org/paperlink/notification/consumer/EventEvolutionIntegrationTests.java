package org.paperlink.notification.consumer;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperlink.events.CapacityReported;
import org.paperlink.events.Topics;
import org.paperlink.notification.support.NotificationIntegrationTest;
import org.paperlink.notification.support.Tokens;
import org.paperlink.testsupport.EventPublisher;
import org.paperlink.testsupport.RecordedTopic;
import org.paperlink.testsupport.TestInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * alliance-service is upgraded first in a rollout: its events may carry fields this
 * release does not know yet. They are read, not dead-lettered, although request bodies
 * with unknown fields are refused.
 */
@NotificationIntegrationTest
class EventEvolutionIntegrationTests {

	private static EventPublisher events;

	private static RecordedTopic deadLetters;

	@Autowired
	private WebTestClient client;

	@BeforeAll
	static void connect() {
		events = new EventPublisher(TestInfrastructure.shared().kafkaBootstrapServers());
		deadLetters = new RecordedTopic(TestInfrastructure.shared().kafkaBootstrapServers(),
				Topics.deadLetter(Topics.CAPACITY));
	}

	@AfterAll
	static void disconnect() {
		events.close();
		deadLetters.close();
	}

	@Test
	void anEventWithAFieldAddedByANewerProducerNotifiesAsBefore() {
		String enterprise = "新字段纸业-" + UUID.randomUUID().toString().substring(0, 6);
		CapacityReported report = new CapacityReported(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
				enterprise, "PAPERMAKING", null, "KRAFT", 100000, 120000, 20000, LocalDate.now(), "EXPANSION", null,
				"dongsen", Instant.now());
		String eventId = events.publishWithNewFields(report,
				Map.of("carbonIntensity", 0.42, "certifications", java.util.List.of("FSC")));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> this.client.get()
				.uri("/api/v1/inbox?size=200")
				.header(HttpHeaders.AUTHORIZATION, Tokens.party())
				.exchange()
				.expectBody()
				.jsonPath("$.items[?(@.title =~ /.*" + enterprise + ".*/)].eventType")
				.isEqualTo("org.paperlink.capacity.reported.v1"));
		assertThat(deadLetters.matching(RecordedTopic.withHeader("ce_id", eventId))).isEmpty();
	}

}
