package org.paperlink.notification.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperlink.events.CloudEventEnvelope;
import org.paperlink.events.Topics;
import org.paperlink.notification.support.InboxReader;
import org.paperlink.notification.support.NotificationIntegrationTest;
import org.paperlink.notification.support.Tokens;
import org.paperlink.testsupport.EventPublisher;
import org.paperlink.testsupport.TestInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A record that failed for a cause since fixed sits in the dead-letter topic, as the
 * error handler left it (original value and CloudEvents headers, plus the reason).
 * Replaying re-drives it once.
 */
@NotificationIntegrationTest
class DeadLetterReplayIntegrationTests {

	private static EventPublisher events;

	@Autowired
	private WebTestClient client;

	@BeforeAll
	static void connect() {
		events = new EventPublisher(TestInfrastructure.shared().kafkaBootstrapServers());
	}

	@AfterAll
	static void disconnect() {
		events.close();
	}

	@Test
	void aReplayReDrivesADeadLetterOnceAndOnlyForAnAdministrator() {
		String memberId = UUID.randomUUID().toString();
		String payload = "{\"memberId\":\"" + memberId + "\",\"enterpriseName\":\"重放纸业\",\"pillar\":\"PAPERMAKING\","
				+ "\"tier\":\"MEMBER\",\"contactEmail\":null,\"approvedBy\":\"secretariat\",\"approvedAt\":\""
				+ Instant.now() + "\"}";
		ProducerRecord<String, String> deadLetter = new ProducerRecord<>(Topics.deadLetter(Topics.MEMBERS), memberId,
				payload);
		new CloudEventEnvelope(UUID.randomUUID().toString(), "org.paperlink.member.approved.v1", "/paperlink/test",
				Instant.now(), memberId)
			.writeTo(deadLetter.headers());
		deadLetter.headers()
			.add("kafka_dlt-original-topic", Topics.MEMBERS.getBytes(StandardCharsets.UTF_8))
			.add("kafka_dlt-exception-message", "store unavailable at the time".getBytes(StandardCharsets.UTF_8));
		events.send(deadLetter);

		this.client.post()
			.uri("/api/v1/dead-letters/{topic}/replay", Topics.MEMBERS)
			.header(HttpHeaders.AUTHORIZATION, Tokens.party())
			.exchange()
			.expectStatus()
			.isForbidden();
		replay();
		InboxReader inbox = new InboxReader(this.client);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(inbox.total(Tokens.member(memberId))).isEqualTo(1));

		replay();
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(10))
			.until(() -> inbox.total(Tokens.member(memberId)) == 1);
		this.client.post()
			.uri("/api/v1/dead-letters/{topic}/replay", "alliance.nothing")
			.header(HttpHeaders.AUTHORIZATION, Tokens.admin())
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	private void replay() {
		this.client.mutate()
			.responseTimeout(Duration.ofSeconds(60))
			.build()
			.post()
			.uri("/api/v1/dead-letters/{topic}/replay", Topics.MEMBERS)
			.header(HttpHeaders.AUTHORIZATION, Tokens.admin())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.deadLetterTopic")
			.isEqualTo("alliance.members-dlt");
	}

}
