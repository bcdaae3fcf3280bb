package org.paperlink.notification.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperlink.events.MemberApproved;
import org.paperlink.events.MemberUpdated;
import org.paperlink.notification.support.NotificationIntegrationTest;
import org.paperlink.notification.support.Tokens;
import org.paperlink.testsupport.EventPublisher;
import org.paperlink.testsupport.TestInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event sent again after newer ones (the relay re-sends after a crash, a dead letter
 * is replayed) must not roll back what this service keeps: each member's status and
 * contact hold the aggregate version that set them, and an older event changes nothing.
 */
@NotificationIntegrationTest
class StaleEventsIntegrationTests {

	private static EventPublisher events;

	@Autowired
	private WebTestClient client;

	@Autowired
	private ReactiveMongoTemplate mongo;

	@BeforeAll
	static void connect() {
		events = new EventPublisher(TestInfrastructure.shared().kafkaBootstrapServers());
	}

	@AfterAll
	static void disconnect() {
		events.close();
	}

	@Test
	void aSuspensionSentAgainAfterTheReinstatementLeavesTheMemberSignedIn() {
		String member = "stale-" + UUID.randomUUID();
		String token = Tokens.member(member);
		String suspensionId = UUID.randomUUID().toString();
		MemberUpdated suspended = statusChange(member, "SUSPENDED");
		events.publish(suspended, suspensionId, 3L);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> inbox(token).expectStatus().isUnauthorized());
		events.publish(statusChange(member, "ACTIVE"), UUID.randomUUID().toString(), 4L);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> inbox(token).expectStatus().isOk());

		events.publish(suspended, suspensionId, 3L);
		processedUpTo(member, 5L);

		inbox(token).expectStatus().isOk();
	}

	@Test
	void anApprovalSentAgainAfterAContactChangeKeepsTheNewAddress() {
		String member = "stale-" + UUID.randomUUID();
		String approvalId = UUID.randomUUID().toString();
		MemberApproved approved = new MemberApproved(member, "旧址纸业", "PAPERMAKING", "MEMBER", "old@example.cn",
				"secretariat", Instant.now());
		events.publish(approved, approvalId, 2L);
		await().atMost(Duration.ofSeconds(20)).until(() -> "old@example.cn".equals(contactOf(member).get("email")));
		events.publish(new MemberUpdated(member, "旧址纸业", "PAPERMAKING", "ACTIVE", List.of("contact"), null, member,
				Instant.now(), "new@example.cn"), UUID.randomUUID().toString(), 4L);
		await().atMost(Duration.ofSeconds(20)).until(() -> "new@example.cn".equals(contactOf(member).get("email")));

		events.publish(approved, approvalId, 2L);
		processedUpTo(member, 5L);

		assertThat(contactOf(member).get("email")).isEqualTo("new@example.cn");
	}

	private static MemberUpdated statusChange(String member, String status) {
		return new MemberUpdated(member, "暂停测试纸业", "PAPERMAKING", status, List.of("status"), null, "secretariat",
				Instant.now(), member + "@example.cn");
	}

	/**
	 * Publishes a later event of the member that changes neither status nor address, and
	 * waits until its version is recorded: the member's earlier events, before it on the
	 * same partition, have been handled.
	 */
	private void processedUpTo(String member, long version) {
		Object email = contactOf(member).get("email");
		events.publish(new MemberUpdated(member, "暂停测试纸业", "PAPERMAKING", null, List.of("village"), null, member,
				Instant.now(), (String) email), UUID.randomUUID().toString(), version);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> contactOf(member).get("version") instanceof Number held && held.longValue() == version);
	}

	private Document contactOf(String member) {
		Document contact = this.mongo.findById("member:" + member, Document.class, "contacts").block();
		return (contact != null) ? contact : new Document();
	}

	private WebTestClient.ResponseSpec inbox(String token) {
		return this.client.get().uri("/api/v1/inbox").header(HttpHeaders.AUTHORIZATION, token).exchange();
	}

}
