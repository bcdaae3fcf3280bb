package org.paperlink.notification.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paperlink.events.CloudEventEnvelope;
import org.paperlink.events.MemberApproved;
import org.paperlink.events.MemberRegistered;
import org.paperlink.events.RosterImported;
import org.paperlink.events.MemberRejected;
import org.paperlink.events.Topics;
import org.paperlink.notification.support.InboxReader;
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

@NotificationIntegrationTest
class MembershipNotificationIntegrationTests {

	private static EventPublisher events;

	private static RecordedTopic deadLetters;

	@Autowired
	private WebTestClient client;

	private InboxReader inbox;

	@BeforeEach
	void readInboxes() {
		this.inbox = new InboxReader(this.client);
	}

	@BeforeAll
	static void connect() {
		events = new EventPublisher(TestInfrastructure.shared().kafkaBootstrapServers());
		deadLetters = new RecordedTopic(TestInfrastructure.shared().kafkaBootstrapServers(),
				Topics.deadLetter(Topics.MEMBERS));
	}

	@AfterAll
	static void disconnect() {
		events.close();
		deadLetters.close();
	}

	@Test
	void theSecretariatHearsOfEachApplicationAndTheApplicantOfTheDecision() {
		String memberId = UUID.randomUUID().toString();
		events.publish(registered(memberId, "隗河纸业有限公司"));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> this.client.get()
				.uri("/api/v1/inbox?size=200")
				.header(HttpHeaders.AUTHORIZATION, Tokens.secretariat())
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.items[?(@.subjectId == '" + memberId + "')].eventType")
				.isEqualTo("org.paperlink.member.registered.v1")
				.jsonPath("$.items[?(@.subjectId == '" + memberId + "')].title")
				.isEqualTo("新入盟申请：隗河纸业有限公司"));

		events.publish(
				new MemberApproved(memberId, "隗河纸业有限公司", "PAPERMAKING", "MEMBER", null, "secretariat", Instant.now()));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> this.client.get()
				.uri("/api/v1/inbox")
				.header(HttpHeaders.AUTHORIZATION, Tokens.member(memberId))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.total")
				.isEqualTo(1)
				.jsonPath("$.items[0].eventType")
				.isEqualTo("org.paperlink.member.approved.v1")
				.jsonPath("$.items[0].subjectId")
				.isEqualTo(memberId)
				.jsonPath("$.items[0].body")
				.value((body) -> assertThat((String) body).contains("隗河纸业有限公司").contains("造纸")));
	}

	/**
	 * Issue 14, item 18: a roster the secretariat imported itself tells it once, with the
	 * summary, not once per row as if each enterprise had applied.
	 */
	@Test
	void aRosterImportTellsTheSecretariatOnceWithItsSummary() {
		String importId = UUID.randomUUID().toString();
		List<String> imported = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
				UUID.randomUUID().toString());
		for (String memberId : imported) {
			String name = "导入纸业-" + memberId.substring(0, 4);
			events.publish(new MemberRegistered(memberId, name, "91410183MA0000000X", "PAPERMAKING", List.of("KRAFT"),
					List.of(), 1000, null, "王五", null, Instant.now(), "secretariat"));
			events.publish(
					new MemberApproved(memberId, name, "PAPERMAKING", "MEMBER", null, "secretariat", Instant.now()));
		}
		events.publish(new RosterImported(importId, "名册2026.xlsx", "secretariat", 3, 1, Instant.now()));

		// each row's approval follows its registration on the member's partition: once
		// the
		// new member has it, the registration was handled
		for (String memberId : imported) {
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(this.inbox.total(Tokens.member(memberId))).isEqualTo(1));
		}
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> this.client.get()
				.uri("/api/v1/inbox?size=200")
				.header(HttpHeaders.AUTHORIZATION, Tokens.secretariat())
				.exchange()
				.expectBody()
				.jsonPath("$.items[?(@.subjectId == '" + importId + "')].title")
				.isEqualTo("名册导入完成：新增 3 家成员"));
		String inbox = this.client.get()
			.uri("/api/v1/inbox?size=200")
			.header(HttpHeaders.AUTHORIZATION, Tokens.secretariat())
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(imported).allSatisfy((memberId) -> assertThat(inbox).doesNotContain(memberId));
		assertThat(inbox).contains("1 行未导入");
	}

	@Test
	void anEventDeliveredTwiceMakesOneEntry() {
		String memberId = UUID.randomUUID().toString();
		String eventId = UUID.randomUUID().toString();
		MemberApproved approved = new MemberApproved(memberId, "重复投递纸业", "EQUIPMENT", "MEMBER", null, "secretariat",
				Instant.now());
		events.publish(approved, eventId);
		events.publish(approved, eventId);
		// same key, so same partition: once this one is in, both copies before it were
		// consumed
		events.publish(new MemberRejected(memberId, "重复投递纸业", "仅为测试顺序", null, "secretariat", Instant.now()));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.inbox.total(Tokens.member(memberId))).isEqualTo(2));
		assertThat(this.inbox.unread(Tokens.member(memberId))).isEqualTo(2);
	}

	@Test
	void poisonRecordsGoToTheDeadLetterTopicAndTheConsumerGoesOn() {
		String badJson = UUID.randomUUID().toString();
		events.send(record(badJson, "org.paperlink.member.approved.v1", "{not json"));
		String unknownType = UUID.randomUUID().toString();
		events.send(record(unknownType, "org.paperlink.member.promoted.v9", "{}"));
		String noHeaders = UUID.randomUUID().toString();
		events.send(new ProducerRecord<>(Topics.MEMBERS, noHeaders, "{}"));
		String wrongShape = UUID.randomUUID().toString();
		events.send(record(wrongShape, "org.paperlink.member.approved.v1", "[1, 2, 3]"));
		String missingField = UUID.randomUUID().toString();
		events
			.send(record(missingField, "org.paperlink.member.approved.v1", "{\"memberId\": \"" + missingField + "\"}"));
		String oversized = UUID.randomUUID().toString();
		events.send(record(oversized, "org.paperlink.member.registered.v1",
				"{\"enterpriseName\": \"" + "x".repeat(AllianceEventsListener.MAX_PAYLOAD_CHARS) + "\"}"));

		for (String key : List.of(badJson, unknownType, noHeaders, wrongShape, missingField, oversized)) {
			assertThat(deadLetters.await(RecordedTopic.withKey(key), 1, Duration.ofSeconds(30))
				.get(0)
				.headers()
				.lastHeader("kafka_dlt-exception-message")).as("reason recorded for %s", key).isNotNull();
		}

		String good = UUID.randomUUID().toString();
		events.publish(new MemberApproved(good, "后续正常纸业", "SUPPORTING", "MEMBER", null, "secretariat", Instant.now()));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.inbox.total(Tokens.member(good))).isEqualTo(1));
	}

	private static MemberRegistered registered(String memberId, String name) {
		return new MemberRegistered(memberId, name, "91410183MA0000000X", "PAPERMAKING", List.of("KRAFT"),
				List.of("WASTE_PAPER"), 50000, "纸坊村", "李四", "li@example.cn", Instant.now());
	}

	private static ProducerRecord<String, String> record(String key, String type, String value) {
		ProducerRecord<String, String> record = new ProducerRecord<>(Topics.MEMBERS, key, value);
		new CloudEventEnvelope(UUID.randomUUID().toString(), type, "/paperlink/test", Instant.now(), key)
			.writeTo(record.headers());
		record.headers().add("test", "poison".getBytes(StandardCharsets.UTF_8));
		return record;
	}

}
