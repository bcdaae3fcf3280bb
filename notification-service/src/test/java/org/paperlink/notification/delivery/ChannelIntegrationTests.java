package org.paperlink.notification.delivery;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.mail.internet.MimeMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperlink.events.CapacityReported;
import org.paperlink.events.MemberRegistered;
import org.paperlink.events.NoticePublished;
import org.paperlink.notification.digest.DailyDigest;
import org.paperlink.notification.inbox.InboxEntry;
import org.paperlink.notification.support.InboxReader;
import org.paperlink.notification.support.NotificationIntegrationTest;
import org.paperlink.notification.support.TestMailServer;
import org.paperlink.notification.support.TestRobots;
import org.paperlink.notification.support.Tokens;
import org.paperlink.testsupport.EventPublisher;
import org.paperlink.platform.RestoreWindows;
import org.paperlink.testsupport.TestInfrastructure;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@NotificationIntegrationTest
class ChannelIntegrationTests {

	private static EventPublisher events;

	@Autowired
	private WebTestClient client;

	@Autowired
	private DailyDigest digest;

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

	@AfterEach
	void everyChannelAgain() {
		setPreferences(Tokens.party(), Map.of());
	}

	@Test
	void anUrgentCapacityChangeReachesThePartyCommitteeOnEveryChannel() throws Exception {
		String enterprise = "东森纸业-" + UUID.randomUUID().toString().substring(0, 6);
		String leadId = UUID.randomUUID().toString();
		String eventId = events.publish(capacity(enterprise, leadId, 250000, 500000));

		MimeMessage mail = await().atMost(Duration.ofSeconds(20))
			.until(() -> TestMailServer.to("party@paperlink.test", enterprise), (found) -> found.size() == 1)
			.get(0);
		assertThat(mail.getMessageID()).as("derived from the delivery, the same for a repeat")
			.isEqualTo("<" + Delivery.idOf(eventId, "role:PARTY_COMMITTEE", Transport.EMAIL, "party@paperlink.test")
					+ "@paperlink.local>");
		assertThat(mail.getSubject()).startsWith("【紧急】产能变动").contains(enterprise, "+25万吨/年");
		assertThat(mail.getSubject().indexOf("【紧急】", 1)).as("the marker once").isEqualTo(-1);
		assertThat(mail.getHeader("X-PaperLink-Event-Id")).as("the event it tells of").hasSize(1);
		assertThat((String) mail.getContent()).contains("由 25万吨/年 调整为 50万吨/年");

		TestRobots.Request dingTalk = await().atMost(Duration.ofSeconds(20))
			.until(() -> TestRobots.shared().received("/dingtalk", enterprise), (found) -> found.size() == 1)
			.get(0);
		Map<String, String> query = Arrays.stream(dingTalk.uri().getRawQuery().split("&"))
			.map((pair) -> pair.split("=", 2))
			.collect(Collectors.toMap((pair) -> pair[0], (pair) -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
		assertThat(query.get("sign")).isEqualTo(expectedDingTalkSign(query.get("timestamp")));
		assertThat(dingTalk.body()).contains("\"msgtype\":\"markdown\"", "\"title\":", "\"text\":");
		assertThat(dingTalk.eventId()).as("a robot call names its event as an email does")
			.isEqualTo(mail.getHeader("X-PaperLink-Event-Id")[0]);

		TestRobots.Request weCom = await().atMost(Duration.ofSeconds(20))
			.until(() -> TestRobots.shared().received("/wecom", enterprise), (found) -> found.size() == 1)
			.get(0);
		assertThat(weCom.body()).contains("\"msgtype\":\"markdown\"", "\"content\":\"**【紧急】产能变动");
		assertThat(weCom.eventId()).isEqualTo(dingTalk.eventId());
		// issue 35, item 5: the records name the robots, never their tokens or secret
		List<org.bson.Document> robotDeliveries = this.mongo
			.find(Query.query(Criteria.where("eventId").is(eventId).and("channel").in("DINGTALK", "WECOM")),
					org.bson.Document.class, Delivery.COLLECTION)
			.collectList()
			.block();
		assertThat(robotDeliveries).hasSize(2).allSatisfy((record) -> {
			assertThat(record.toJson()).doesNotContain(TestRobots.DINGTALK_SECRET, "access_token=test", "key=test");
			assertThat(record.getString("robot")).startsWith("robot-");
		});

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> this.client.get()
				.uri("/api/v1/inbox?size=200")
				.header(HttpHeaders.AUTHORIZATION, Tokens.party())
				.exchange()
				.expectBody()
				.jsonPath("$.items[?(@.title =~ /.*" + enterprise + ".*/)].urgent")
				.isEqualTo(true)
				.jsonPath("$.items[?(@.title =~ /.*" + enterprise + ".*/)].eventType")
				.isEqualTo("org.paperlink.capacity.reported.v1"));
		assertThat(new InboxReader(this.client).total(Tokens.member(leadId))).isEqualTo(1);
	}

	@Test
	void aFailingWebhookIsRetriedWithBackoffThenFailedWhileEmailStillGoesOut() {
		String enterprise = "网钩测试纸业-" + UUID.randomUUID().toString().substring(0, 6);
		events.publish(new MemberRegistered(UUID.randomUUID().toString(), enterprise, "91410183MA0000000X",
				"PAPERMAKING", List.of("KRAFT"), List.of(), 1000, null, "王五", null, Instant.now()));

		await().atMost(Duration.ofSeconds(20))
			.until(() -> TestMailServer.to("secretariat@paperlink.test", enterprise), (found) -> found.size() == 1);
		List<TestRobots.Request> attempts = await().atMost(Duration.ofSeconds(20))
			.until(() -> TestRobots.shared().received("/webhook-500", enterprise), (found) -> found.size() == 3);
		Duration firstWait = Duration.between(attempts.get(0).at(), attempts.get(1).at());
		Duration secondWait = Duration.between(attempts.get(1).at(), attempts.get(2).at());
		assertThat(secondWait).as("backoff grows").isGreaterThan(firstWait);

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> this.client.get()
				.uri("/api/v1/deliveries?status=FAILED&size=500")
				.header(HttpHeaders.AUTHORIZATION, Tokens.admin())
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.items[?(@.title =~ /.*" + enterprise + ".*/)].channel")
				.isEqualTo("WEBHOOK")
				.jsonPath("$.items[?(@.title =~ /.*" + enterprise + ".*/)].attempts")
				.isEqualTo(3)
				.jsonPath("$.items[?(@.title =~ /.*" + enterprise + ".*/)].lastError")
				.value((error) -> assertThat(error.toString()).contains("500")));
		String listed = this.client.get()
			.uri("/api/v1/deliveries?size=500")
			.header(HttpHeaders.AUTHORIZATION, Tokens.admin())
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(listed).as("robot secrets in addresses and errors")
			.contains("access_token=***")
			.doesNotContain(TestRobots.URL_SECRET)
			.doesNotContain("access_token=test")
			.doesNotContain("key=test");
		this.client.get()
			.uri("/api/v1/deliveries")
			.header(HttpHeaders.AUTHORIZATION, Tokens.party())
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	/**
	 * Issue 14, item 3: the pillar lead's email for a capacity report, when no address of
	 * the lead is known, leaves a SKIPPED delivery saying so instead of vanishing.
	 */
	@Test
	void anEmailToAMemberWithNoKnownAddressIsRecordedAsSkippedWithTheReason() {
		String enterprise = "无邮箱纸业-" + UUID.randomUUID().toString().substring(0, 6);
		String leadId = UUID.randomUUID().toString();
		events.publish(capacity(enterprise, leadId, 100000, 130000));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> this.client.get()
				.uri("/api/v1/deliveries?status=SKIPPED&size=500")
				.header(HttpHeaders.AUTHORIZATION, Tokens.admin())
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.items[?(@.title =~ /.*" + enterprise + ".*/)].recipient")
				.value((recipients) -> assertThat((List<?>) recipients).map(String::valueOf)
					.containsExactly("member:" + leadId))
				.jsonPath("$.items[?(@.title =~ /.*" + enterprise + ".*/)].lastError")
				.value((reasons) -> assertThat((List<?>) reasons).map(String::valueOf)
					.singleElement()
					.asString()
					.contains("no email address is known")));
		// the Party committee's own email still goes out
		await().atMost(Duration.ofSeconds(20))
			.until(() -> TestMailServer.to("party@paperlink.test", enterprise), (found) -> found.size() == 1);
	}

	@Test
	void aRedeliveredEventIsNotSentAgain() {
		String enterprise = "重投纸业-" + UUID.randomUUID().toString().substring(0, 6);
		CapacityReported event = capacity(enterprise, null, 100000, 300000);
		String eventId = UUID.randomUUID().toString();
		events.publish(event, eventId);
		events.publish(event, eventId);
		// a later event of the same member is on the same partition: once it is in, both
		// copies were consumed
		String marker = enterprise + "-后续";
		events.publish(new CapacityReported(UUID.randomUUID().toString(), event.memberId(), marker, "PAPERMAKING", null,
				"KRAFT", 1000, 300000, 299000, LocalDate.now(), "EXPANSION", null, "dongsen", Instant.now()));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> TestMailServer.to("party@paperlink.test", marker), (found) -> found.size() == 1);

		assertThat(TestMailServer.to("party@paperlink.test", enterprise + " ")).hasSize(1);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(TestRobots.shared().received("/dingtalk", enterprise + " ")).hasSize(1));
	}

	@Test
	void aMutedOptionalCategoryIsNotDeliveredButAMandatoryOneIs() {
		setPreferences(Tokens.party(), Map.of("CAPACITY", List.of("INBOX")));
		String routine = "常规变动纸业-" + UUID.randomUUID().toString().substring(0, 6);
		String urgent = "紧急变动纸业-" + UUID.randomUUID().toString().substring(0, 6);
		CapacityReported optional = capacity(routine, null, 100000, 150000);
		events.publish(optional);
		// the same member, so the same partition: the routine one is fully handled before
		// this one
		events.publish(new CapacityReported(UUID.randomUUID().toString(), optional.memberId(), urgent, "PAPERMAKING",
				null, "HIGH_STRENGTH_CORRUGATING", 150000, 300000, 150000, LocalDate.now(), "EXPANSION", null,
				"dongsen", Instant.now()));

		await().atMost(Duration.ofSeconds(20))
			.until(() -> TestMailServer.to("party@paperlink.test", urgent), (found) -> found.size() == 1);
		this.client.get()
			.uri("/api/v1/deliveries?size=500")
			.header(HttpHeaders.AUTHORIZATION, Tokens.admin())
			.exchange()
			.expectBody()
			.jsonPath("$.items[?(@.title =~ /.*" + urgent + ".*/)].channel")
			.value((channels) -> assertThat((List<?>) channels).map(String::valueOf)
				.containsExactlyInAnyOrder("EMAIL", "DINGTALK", "WECOM"))
			.jsonPath("$.items[?(@.title =~ /.*" + routine + ".*/)].status")
			.value((statuses) -> assertThat((List<?>) statuses).map(String::valueOf).containsExactly("SKIPPED"))
			.jsonPath("$.items[?(@.title =~ /.*" + routine + ".*/)].lastError")
			.value((reasons) -> assertThat((List<?>) reasons).map(String::valueOf)
				.singleElement()
				.asString()
				.contains("turned email off"));
		assertThat(TestMailServer.to("party@paperlink.test", routine)).isEmpty();
		this.client.get()
			.uri("/api/v1/inbox?size=200")
			.header(HttpHeaders.AUTHORIZATION, Tokens.party())
			.exchange()
			.expectBody()
			.jsonPath("$.items[?(@.title =~ /.*" + routine + ".*/)].urgent")
			.isEqualTo(false);
	}

	@Test
	void theDailyDigestGoesOutOnceEvenWhenTwoReplicasTry() {
		LocalDate day = LocalDate.of(2030, 1, (int) (Math.random() * 27) + 1);
		List<Boolean> sent = Mono.zip(this.digest.send(day), this.digest.send(day))
			.map((both) -> List.of(both.getT1(), both.getT2()))
			.toFuture()
			.join();
		assertThat(sent).containsExactlyInAnyOrder(true, false);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> this.client.get()
				.uri("/api/v1/inbox?size=200")
				.header(HttpHeaders.AUTHORIZATION, Tokens.party())
				.exchange()
				.expectBody()
				.jsonPath("$.items[?(@.subjectId == '" + day + "')].title")
				.isEqualTo("联盟日报 " + day));
	}

	/**
	 * Issue 32: after a restore, a scheduled notice that fell due between the backup and
	 * the restore is published again, and its event says that it may have been told of
	 * before. It is in the inbox, which the restore rewound; its email is recorded as not
	 * sent, with the reason. The same notice published for the first time is emailed.
	 */
	@Test
	void aNoticePublishedAgainAfterARestoreIsInTheInboxButNotEmailedAgain() {
		String memberId = UUID.randomUUID().toString();
		String address = "restored-" + memberId.substring(0, 8) + "@example.cn";
		String enterprise = "恢复测试纸业-" + memberId.substring(0, 6);
		events.publish(new MemberRegistered(memberId, enterprise, "91410183MA0000000X", "PAPERMAKING", List.of("KRAFT"),
				List.of(), 1000, null, "王五", address, Instant.now()));
		// the secretariat is told once its address is learned
		await().atMost(Duration.ofSeconds(20))
			.until(() -> TestMailServer.to("secretariat@paperlink.test", enterprise), (found) -> found.size() == 1);
		String title = "定时紧急通知-" + UUID.randomUUID().toString().substring(0, 6);
		NoticePublished first = new NoticePublished(UUID.randomUUID().toString(), title + "（首次）", "请知悉。", "URGENT",
				false, null, List.of(memberId), "secretariat", Instant.now());
		events.publish(first);
		await().atMost(Duration.ofSeconds(20))
			.alias("an urgent notice published for the first time is emailed")
			.until(() -> TestMailServer.to(address, title + "（首次）"), (found) -> found.size() == 1);

		NoticePublished again = new NoticePublished(UUID.randomUUID().toString(), title + "（恢复后）", "请知悉。", "URGENT",
				false, null, List.of(memberId), "secretariat", Instant.now().minus(Duration.ofHours(2)), true);
		String eventId = events.publish(again);
		List<Document> deliveries = await().atMost(Duration.ofSeconds(20))
			.until(() -> this.mongo
				.find(Query.query(Criteria.where("eventId").is(eventId).and("channel").is("EMAIL")), Document.class,
						"deliveries")
				.collectList()
				.block(), (found) -> found.size() == 1);
		assertThat(deliveries.get(0).getString("status")).isEqualTo("SKIPPED");
		assertThat(deliveries.get(0).getString("lastError")).isEqualTo(RestoreWindows.TOLD_BEFORE);
		assertThat(this.mongo.count(Query.query(Criteria.where("eventId").is(eventId)), InboxEntry.class).block())
			.as("the member's inbox entry")
			.isEqualTo(1);
		assertThat(TestMailServer.to(address, title + "（恢复后）")).isEmpty();
	}

	/**
	 * Issue 32: the daily digest of a morning between a backup and its restore may have
	 * gone out before the restore; it is marked done, with the reason, not sent again.
	 */
	@Test
	void theDailyDigestDueBetweenABackupAndItsRestoreIsNotSentAgain() {
		LocalDate day = LocalDate.of(2001, 1, 1);
		assertThat(this.digest.send(day).block()).isFalse();
		Document job = this.mongo.findById("daily-digest:" + day, Document.class, "locks").block();
		assertThat(job).isNotNull();
		assertThat(job.getBoolean("done")).isTrue();
		assertThat(job.getString("skipped")).startsWith("备份恢复");
		assertThat(this.mongo.count(Query.query(Criteria.where("eventId").is("daily-digest:" + day)), InboxEntry.class)
			.block()).as("no digest in the inbox").isZero();
	}

	private void setPreferences(String token, Map<String, List<String>> channels) {
		this.client.put()
			.uri("/api/v1/preferences")
			.header(HttpHeaders.AUTHORIZATION, token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("channels", channels))
			.exchange()
			.expectStatus()
			.isOk();
	}

	private static CapacityReported capacity(String enterprise, String leadId, long from, long to) {
		return new CapacityReported(UUID.randomUUID().toString(), UUID.randomUUID().toString(), enterprise,
				"PAPERMAKING", leadId, "HIGH_STRENGTH_CORRUGATING", from, to, to - from, LocalDate.now(), "EXPANSION",
				null, "dongsen", Instant.now());
	}

	private static String expectedDingTalkSign(String timestamp) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(TestRobots.DINGTALK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return java.util.Base64.getEncoder()
			.encodeToString(
					mac.doFinal((timestamp + "\n" + TestRobots.DINGTALK_SECRET).getBytes(StandardCharsets.UTF_8)));
	}

}
