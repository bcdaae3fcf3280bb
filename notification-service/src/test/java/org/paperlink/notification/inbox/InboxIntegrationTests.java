package org.paperlink.notification.inbox;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperlink.events.CapacityReported;
import org.paperlink.events.MemberApproved;
import org.paperlink.notification.support.InboxReader;
import org.paperlink.notification.support.NotificationIntegrationTest;
import org.paperlink.notification.support.Tokens;
import org.paperlink.testsupport.EventPublisher;
import org.paperlink.testsupport.TestInfrastructure;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@NotificationIntegrationTest
class InboxIntegrationTests {

	private static EventPublisher events;

	@Autowired
	private WebTestClient client;

	@LocalServerPort
	private int port;

	@BeforeAll
	static void connect() {
		events = new EventPublisher(TestInfrastructure.shared().kafkaBootstrapServers());
	}

	@AfterAll
	static void disconnect() {
		events.close();
	}

	@Test
	void aNewNotificationArrivesOnTheLiveStream() {
		String memberId = UUID.randomUUID().toString();
		Flux<ServerSentEvent<Map<String, Object>>> stream = WebClient.create("http://localhost:" + this.port)
			.get()
			.uri("/api/v1/inbox/stream")
			.header(HttpHeaders.AUTHORIZATION, Tokens.member(memberId))
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(new ParameterizedTypeReference<>() {
			});

		StepVerifier.create(stream)
			.expectNextMatches((event) -> "connected".equals(event.comment()))
			.then(() -> events.publish(approved(memberId)))
			.expectNextMatches((event) -> "notification".equals(event.event())
					&& "org.paperlink.member.approved.v1".equals(event.data().get("eventType"))
					&& memberId.equals(event.data().get("subjectId")))
			.thenCancel()
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void readingMarksOnceAndOnlyTheOwnerMayRead() {
		String memberId = UUID.randomUUID().toString();
		events.publish(approved(memberId));
		String entryId = await().atMost(Duration.ofSeconds(20))
			.until(() -> new InboxReader(this.client).newestId(Tokens.member(memberId)), (id) -> id != null);

		this.client.post()
			.uri("/api/v1/inbox/{id}/read", entryId)
			.header(HttpHeaders.AUTHORIZATION, Tokens.member(UUID.randomUUID().toString()))
			.exchange()
			.expectStatus()
			.isNotFound();

		Map<?, ?> first = read(memberId, entryId);
		Map<?, ?> again = read(memberId, entryId);
		assertThat(first.get("read")).isEqualTo(true);
		assertThat(again.get("readAt")).isEqualTo(first.get("readAt"));
		assertThat(new InboxReader(this.client).unread(Tokens.member(memberId))).isZero();
	}

	@Test
	void theInboxListsOnlyTheUrgentOrOnlyOneKindWhenAsked() {
		String leadId = UUID.randomUUID().toString();
		events.publish(approved(leadId));
		events.publish(capacity(leadId, "紧急筛选纸业", 300000));
		events.publish(capacity(leadId, "常规筛选纸业", 5000));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> new InboxReader(this.client).total(Tokens.member(leadId)), (total) -> total == 3);

		this.client.get()
			.uri("/api/v1/inbox?urgent=true")
			.header(HttpHeaders.AUTHORIZATION, Tokens.member(leadId))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.total")
			.isEqualTo(1)
			.jsonPath("$.items[0].title")
			.value((title) -> assertThat((String) title).contains("紧急筛选纸业"));
		this.client.get()
			.uri("/api/v1/inbox?type=org.paperlink.member.approved.v1")
			.header(HttpHeaders.AUTHORIZATION, Tokens.member(leadId))
			.exchange()
			.expectBody()
			.jsonPath("$.total")
			.isEqualTo(1)
			.jsonPath("$.items[0].eventType")
			.isEqualTo("org.paperlink.member.approved.v1");
		this.client.get()
			.uri("/api/v1/inbox?type=<script>")
			.header(HttpHeaders.AUTHORIZATION, Tokens.member(leadId))
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

	@Test
	void withoutAValidTokenTheInboxIsClosed() {
		this.client.get()
			.uri("/api/v1/inbox")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		String forged = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwYXJ0eSIsInJvbGVzIjpbIlBBUlRZX0NPTU1JVFRFRSJdfQ.c2lnbmF0dXJl";
		this.client.get()
			.uri("/api/v1/inbox")
			.header(HttpHeaders.AUTHORIZATION, forged)
			.exchange()
			.expectStatus()
			.isUnauthorized();
		this.client.get()
			.uri("/api/v1/deliveries")
			.header(HttpHeaders.AUTHORIZATION, Tokens.party())
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	private Map<?, ?> read(String memberId, String entryId) {
		return new InboxReader(this.client).markRead(Tokens.member(memberId), entryId);
	}

	/** A capacity report of another enterprise in the pillar this member leads. */
	private static CapacityReported capacity(String leadId, String enterprise, long change) {
		return new CapacityReported(UUID.randomUUID().toString(), UUID.randomUUID().toString(), enterprise,
				"PAPERMAKING", leadId, "KRAFT", 100000, 100000 + change, change, LocalDate.now(), "EXPANSION", null,
				"tester", Instant.now());
	}

	private static MemberApproved approved(String memberId) {
		return new MemberApproved(memberId, "收件箱测试纸业", "PAPERMAKING", "MEMBER", null, "secretariat", Instant.now());
	}

}
