package org.paperlink.notification.notice;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperlink.events.NoticePublished;
import org.paperlink.notification.support.InboxReader;
import org.paperlink.notification.support.NotificationIntegrationTest;
import org.paperlink.notification.support.NotificationTestInitializer;
import org.paperlink.notification.support.Tokens;
import org.paperlink.testsupport.EventPublisher;
import org.paperlink.testsupport.TestInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@NotificationIntegrationTest
class NoticeReceiptsIntegrationTests {

	private static EventPublisher events;

	@Autowired
	private WebTestClient client;

	@Autowired
	private Reminders reminders;

	@Autowired
	private ReactiveMongoTemplate mongo;

	private InboxReader inbox;

	@BeforeAll
	static void connect() {
		events = new EventPublisher(TestInfrastructure.shared().kafkaBootstrapServers());
	}

	@AfterAll
	static void disconnect() {
		events.close();
	}

	@Test
	void everyMemberOfTheAudienceGetsOneEntryEvenWhenTheEventComesTwice() {
		List<String> audience = members(3);
		NoticePublished notice = notice(audience, false, null, Instant.now());
		String eventId = UUID.randomUUID().toString();
		events.publish(notice, eventId);
		events.publish(notice, eventId);

		for (String member : audience) {
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(reader().total(Tokens.member(member))).isEqualTo(1));
		}
		String outsider = UUID.randomUUID().toString();
		assertThat(reader().total(Tokens.member(outsider))).isZero();
		receipts(notice.noticeId(), Tokens.secretariat()).jsonPath("$.total")
			.isEqualTo(3)
			.jsonPath("$.read")
			.isEqualTo(0);
	}

	@Test
	void aMemberReadingTwiceOrOnTwoDevicesAtOnceCountsOnce() {
		List<String> audience = members(2);
		NoticePublished notice = notice(audience, true, null, Instant.now());
		events.publish(notice);
		String reader = audience.get(0);
		String entry = await().atMost(Duration.ofSeconds(20))
			.until(() -> reader().newestId(Tokens.member(reader)), (id) -> id != null);

		List<CompletableFuture<Integer>> devices = List.of(read(reader, entry), read(reader, entry),
				read(reader, entry));
		assertThat(devices.stream().map(CompletableFuture::join)).containsOnly(200);
		read(reader, entry).join();

		receipts(notice.noticeId(), Tokens.party()).jsonPath("$.read")
			.isEqualTo(1)
			.jsonPath("$.readers[0].memberId")
			.isEqualTo(reader)
			.jsonPath("$.unread")
			.isEqualTo(List.of(audience.get(1)));
	}

	@Test
	void aReminderReachesOnlyTheUnreadAndAtMostOnceAnHour() {
		List<String> audience = members(3);
		NoticePublished notice = notice(audience, true, null, Instant.now());
		events.publish(notice);
		String hengfeng = audience.get(0);
		String entry = await().atMost(Duration.ofSeconds(20))
			.until(() -> reader().newestId(Tokens.member(hengfeng)), (id) -> id != null);
		assertThat(read(hengfeng, entry).join()).isEqualTo(200);

		this.client.post()
			.uri("/api/v1/notices/{id}/reminders", notice.noticeId())
			.header(HttpHeaders.AUTHORIZATION, Tokens.secretariat())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.reminded")
			.isEqualTo(2);
		for (String unread : audience.subList(1, 3)) {
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> this.client.get()
					.uri("/api/v1/inbox")
					.header(HttpHeaders.AUTHORIZATION, Tokens.member(unread))
					.exchange()
					.expectBody()
					.jsonPath("$.total")
					.isEqualTo(2)
					.jsonPath("$.items[0].title")
					.isEqualTo("【提醒】请阅读通知：" + notice.title()));
		}
		assertThat(reader().total(Tokens.member(hengfeng))).isEqualTo(1);

		this.client.post()
			.uri("/api/v1/notices/{id}/reminders", notice.noticeId())
			.header(HttpHeaders.AUTHORIZATION, Tokens.secretariat())
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER);
	}

	@Test
	void anUnreadNoticeThatNeedsAcknowledgementIsRemindedAutomatically() {
		List<String> audience = members(2);
		NoticePublished notice = notice(audience, true, 1, Instant.now().minus(Duration.ofHours(2)));
		events.publish(notice);
		for (String member : audience) {
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(reader().total(Tokens.member(member))).isEqualTo(2));
		}
	}

	/**
	 * Issue 14, item 8: the secretariat clicks "remind" in two tabs at once (or twice
	 * quickly): one reminder goes out, the other click is told when it may remind again;
	 * neither is an error.
	 */
	@Test
	void twoFirstRemindersAtOnceSendOneAndTellTheOtherWhenItMayRemindAgain() {
		List<String> audience = members(2);
		NoticePublished notice = notice(audience, true, null, Instant.now());
		events.publish(notice);
		receipts(notice.noticeId(), Tokens.secretariat());

		List<CompletableFuture<WebTestClient.ResponseSpec>> clicks = java.util.stream.IntStream.range(0, 4)
			.mapToObj((i) -> CompletableFuture.supplyAsync(() -> this.client.post()
				.uri("/api/v1/notices/{id}/reminders", notice.noticeId())
				.header(HttpHeaders.AUTHORIZATION, Tokens.secretariat())
				.exchange()))
			.toList();
		List<Integer> statuses = clicks.stream()
			.map(CompletableFuture::join)
			.map((answer) -> answer.returnResult(String.class).getStatus().value())
			.toList();

		assertThat(statuses).containsOnly(200, 429).filteredOn((status) -> status == 200).hasSize(1);
		for (String member : audience) {
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(reader().total(Tokens.member(member))).isEqualTo(2));
		}
	}

	/**
	 * Issue 14, item 8: a replica that claims a due automatic reminder and dies before
	 * sending it leaves it due, so another replica sends it once the claim has run out.
	 */
	@Test
	void anAutomaticReminderClaimedByAReplicaThatDiedIsSentByAnother() {
		List<String> audience = members(2);
		// due in ten minutes by the clock, so the service's own check leaves it alone
		Instant publishedAt = Instant.now().minus(Duration.ofMinutes(50));
		NoticePublished notice = notice(audience, true, 1, publishedAt);
		events.publish(notice);
		receipts(notice.noticeId(), Tokens.secretariat());
		Instant due = publishedAt.plus(Duration.ofHours(1)).plusSeconds(1);

		assertThat(this.reminders.claimDue(due).collectList().block()).as("the replica that dies claims it").hasSize(1);
		assertThat(this.reminders.remindDueAt(due.plusSeconds(1)).collectList().block())
			.as("nothing for another replica while the claim holds")
			.isEmpty();

		assertThat(this.reminders.remindDueAt(due.plus(Reminders.AUTOMATIC_LEASE).plusSeconds(1)).collectList().block())
			.as("reminded, once the claim has run out")
			.containsExactly(2);
		for (String member : audience) {
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(reader().total(Tokens.member(member))).isEqualTo(2));
		}
	}

	/**
	 * Issue 32: an automatic reminder due between a backup and its restore may have gone
	 * out before the restore; it is no longer due, and nobody is reminded again.
	 */
	@Test
	void anAutomaticReminderDueBetweenABackupAndItsRestoreIsNotSentAgain() {
		List<String> audience = members(2);
		// published an hour after the backup, reminded an hour later: both before the
		// restore
		NoticePublished notice = notice(audience, true, 1,
				NotificationTestInitializer.RESTORED.backupAt().plus(Duration.ofHours(1)));
		events.publish(notice);
		receipts(notice.noticeId(), Tokens.secretariat());
		for (String member : audience) {
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(reader().total(Tokens.member(member))).as("the notice, in the inbox")
					.isEqualTo(1));
		}

		assertThat(this.reminders.remindDueAt(NotificationTestInitializer.RESTORED.restoredAt()).collectList().block())
			.as("nobody reminded")
			.isEmpty();
		// the service's own check may take it a moment earlier, to the same end
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			NoticeReceipts after = this.mongo.findById(notice.noticeId(), NoticeReceipts.class).block();
			assertThat(after.remindAt()).as("no longer due").isNull();
			assertThat(after.reminders()).isZero();
		});
		for (String member : audience) {
			assertThat(reader().total(Tokens.member(member))).as("no reminder in the inbox").isEqualTo(1);
		}
	}

	/**
	 * Issue 33, item 8: a reminder that failed part-way (claimed, some members reached,
	 * never marked finished) is sent again as itself: those it reached are not reminded
	 * twice, and the others are reminded.
	 */
	@Test
	void aReminderThatFailedPartWayIsSentAgainAsItselfRemindingNobodyTwice() {
		List<String> audience = members(2);
		NoticePublished notice = notice(audience, true, null, Instant.now());
		events.publish(notice);
		receipts(notice.noticeId(), Tokens.secretariat());
		remind(notice.noticeId()).expectStatus().isOk();
		for (String member : audience) {
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(reader().total(Tokens.member(member))).isEqualTo(2));
		}
		// what a failure part-way leaves: the reminder claimed, not marked finished
		this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(notice.noticeId())),
					new Update().set("reminderUnfinished", true), NoticeReceipts.class)
			.block();

		remind(notice.noticeId()).expectStatus().isOk().expectBody().jsonPath("$.reminded").isEqualTo(2);
		remind(notice.noticeId()).expectStatus().isEqualTo(429);
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(audience)
				.allSatisfy((member) -> assertThat(reader().total(Tokens.member(member))).isEqualTo(2)));
	}

	private WebTestClient.ResponseSpec remind(String noticeId) {
		return this.client.post()
			.uri("/api/v1/notices/{id}/reminders", noticeId)
			.header(HttpHeaders.AUTHORIZATION, Tokens.secretariat())
			.exchange();
	}

	@Test
	void membersNeitherSeeReceiptsNorRemind() {
		List<String> audience = members(1);
		NoticePublished notice = notice(audience, false, null, Instant.now());
		events.publish(notice);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(reader().total(Tokens.member(audience.get(0)))).isEqualTo(1));
		this.client.get()
			.uri("/api/v1/notices/{id}/receipts", notice.noticeId())
			.header(HttpHeaders.AUTHORIZATION, Tokens.member(audience.get(0)))
			.exchange()
			.expectStatus()
			.isForbidden();
		for (String token : List.of(Tokens.member(audience.get(0)), Tokens.party())) {
			this.client.post()
				.uri("/api/v1/notices/{id}/reminders", notice.noticeId())
				.header(HttpHeaders.AUTHORIZATION, token)
				.exchange()
				.expectStatus()
				.isForbidden();
		}
	}

	private InboxReader reader() {
		if (this.inbox == null) {
			this.inbox = new InboxReader(this.client);
		}
		return this.inbox;
	}

	private CompletableFuture<Integer> read(String member, String entry) {
		return CompletableFuture.supplyAsync(() -> this.client.post()
			.uri("/api/v1/inbox/{id}/read", entry)
			.header(HttpHeaders.AUTHORIZATION, Tokens.member(member))
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value());
	}

	/** The receipts, once the notice's event has been consumed. */
	private WebTestClient.BodyContentSpec receipts(String noticeId, String token) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.client.get()
				.uri("/api/v1/notices/{id}/receipts", noticeId)
				.header(HttpHeaders.AUTHORIZATION, token)
				.exchange()
				.returnResult(Map.class)
				.getStatus()
				.value() == 200);
		return this.client.get()
			.uri("/api/v1/notices/{id}/receipts", noticeId)
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody();
	}

	private static List<String> members(int count) {
		return java.util.stream.IntStream.range(0, count).mapToObj((i) -> UUID.randomUUID().toString()).toList();
	}

	private static NoticePublished notice(List<String> audience, boolean requiresAck, Integer remindAfterHours,
			Instant publishedAt) {
		return new NoticePublished(UUID.randomUUID().toString(),
				"安全检查通知-" + UUID.randomUUID().toString().substring(0, 4), "请于周五前完成自查。", "NORMAL", requiresAck,
				remindAfterHours, audience, "secretariat", publishedAt);
	}

}
