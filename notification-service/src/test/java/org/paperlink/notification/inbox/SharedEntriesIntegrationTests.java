package org.paperlink.notification.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperlink.events.MemberApproved;
import org.paperlink.events.NoticePublished;
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
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A notice to many members is written once and read by each (issue 15, fan-out on read),
 * yet every member's inbox behaves as if the entry were its own: listed among its other
 * entries, counted as unread until that member reads it, read once, streamed live.
 */
@NotificationIntegrationTest
class SharedEntriesIntegrationTests {

	private static EventPublisher events;

	@Autowired
	private WebTestClient client;

	@Autowired
	private ReactiveMongoTemplate mongo;

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
	void aNoticeToFiftyMembersIsOneWriteThatEachReadsAndMarksAsTheirOwn() {
		List<String> audience = IntStream.range(0, 50).mapToObj((i) -> UUID.randomUUID().toString()).toList();
		String first = audience.get(0);
		String second = audience.get(1);
		events.publish(approved(first));
		await().atMost(Duration.ofSeconds(20)).until(() -> reader().total(Tokens.member(first)) == 1);
		String eventId = UUID.randomUUID().toString();
		NoticePublished notice = notice(audience);
		events.publish(notice, eventId);
		events.publish(notice, eventId);

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(reader().total(Tokens.member(audience.get(49)))).isEqualTo(1));
		assertThat(count(SharedEntry.COLLECTION, eventId)).as("one shared entry, though the event came twice")
			.isEqualTo(1);
		assertThat(count(InboxEntry.COLLECTION, eventId)).as("no entry of its own for anyone").isZero();

		Map<?, ?> newest = reader().page(Tokens.member(first), "?page=0&size=1");
		assertThat(newest.get("total")).isEqualTo(2);
		assertThat(title(newest)).isEqualTo("通知：" + notice.title());
		assertThat(title(reader().page(Tokens.member(first), "?page=1&size=1")))
			.as("its own entry, next, on the second page")
			.isEqualTo("入盟申请已通过");
		assertThat(reader().unread(Tokens.member(first))).isEqualTo(2);

		String shared = reader().newestId(Tokens.member(second));
		this.client.post()
			.uri("/api/v1/inbox/{id}/read", shared)
			.header(HttpHeaders.AUTHORIZATION, Tokens.member(UUID.randomUUID().toString()))
			.exchange()
			.expectStatus()
			.isNotFound();
		Map<?, ?> read = reader().markRead(Tokens.member(second), shared);
		Map<?, ?> again = reader().markRead(Tokens.member(second), shared);
		assertThat(read.get("read")).isEqualTo(true);
		assertThat(again.get("readAt")).as("the first read time is kept").isEqualTo(read.get("readAt"));
		assertThat(reader().unread(Tokens.member(second))).isZero();
		assertThat(reader().unread(Tokens.member(audience.get(2)))).as("read by one member, unread by another")
			.isEqualTo(1);
		assertThat(reader().page(Tokens.member(second), "?unread=true").get("total")).isEqualTo(0);
	}

	@Test
	void aSharedEntryArrivesOnTheLiveStreamOfEachMemberOfItsAudience() {
		List<String> audience = IntStream.range(0, 3).mapToObj((i) -> UUID.randomUUID().toString()).toList();
		NoticePublished notice = notice(audience);
		Flux<ServerSentEvent<Map<String, Object>>> stream = WebClient.create("http://localhost:" + this.port)
			.get()
			.uri("/api/v1/inbox/stream")
			.header(HttpHeaders.AUTHORIZATION, Tokens.member(audience.get(2)))
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(new ParameterizedTypeReference<>() {
			});

		StepVerifier.create(stream)
			.expectNextMatches((event) -> "connected".equals(event.comment()))
			.then(() -> events.publish(notice))
			.expectNextMatches((event) -> "notification".equals(event.event())
					&& ("通知：" + notice.title()).equals(event.data().get("title"))
					&& Boolean.FALSE.equals(event.data().get("read")))
			.thenCancel()
			.verify(Duration.ofSeconds(30));
	}

	private long count(String collection, String eventId) {
		return this.mongo.count(Query.query(Criteria.where("eventId").is(eventId)), collection).block();
	}

	private static String title(Map<?, ?> page) {
		return (String) ((Map<?, ?>) ((List<?>) page.get("items")).get(0)).get("title");
	}

	private InboxReader reader() {
		return new InboxReader(this.client);
	}

	private static NoticePublished notice(List<String> audience) {
		return new NoticePublished(UUID.randomUUID().toString(), "全员通知-" + UUID.randomUUID().toString().substring(0, 4),
				"请各企业于周五前完成自查。", "NORMAL", false, null, audience, "secretariat", Instant.now());
	}

	private static MemberApproved approved(String memberId) {
		return new MemberApproved(memberId, "共享收件箱测试纸业", "PAPERMAKING", "MEMBER", null, "secretariat", Instant.now());
	}

}
