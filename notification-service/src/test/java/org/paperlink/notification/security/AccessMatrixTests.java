package org.paperlink.notification.security;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperlink.events.AllianceEvent;
import org.paperlink.events.MemberRegistered;
import org.paperlink.events.MemberUpdated;
import org.paperlink.events.NoticePublished;
import org.paperlink.events.RenovationRegistered;
import org.paperlink.notification.support.InboxReader;
import org.paperlink.notification.support.NotificationIntegrationTest;
import org.paperlink.notification.support.Tokens;
import org.paperlink.platform.AccessMatrix;
import org.paperlink.platform.Role;
import org.paperlink.testsupport.AccessMatrixCheck;
import org.paperlink.testsupport.AccessMatrixCheck.Call;
import org.paperlink.testsupport.AccessMatrixCheck.Caller;
import org.paperlink.testsupport.EventPublisher;
import org.paperlink.testsupport.TestInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * notification-service against {@code access-matrix.yml}: every endpoint, as the
 * anonymous, a member on its own inbox and searches, a member of another enterprise, the
 * secretariat, the Party committee and the administrator.
 */
@NotificationIntegrationTest
class AccessMatrixTests {

	private static EventPublisher events;

	@Autowired
	private WebTestClient client;

	@Autowired
	private AccessMatrix matrix;

	@BeforeAll
	static void connect() {
		events = new EventPublisher(TestInfrastructure.shared().kafkaBootstrapServers());
	}

	@AfterAll
	static void disconnect() {
		events.close();
	}

	@Test
	void everyEndpointHasARowAndEveryRowAnEndpointAndTheReadmeShowsIt() {
		AccessMatrixCheck.everyOperationHasARow(this.client, this.matrix);
		AccessMatrixCheck.theReadmeShowsEveryRow(this.matrix);
	}

	@Test
	void everyEndpointAnswersEveryKindOfCallerAsTheMatrixSays() {
		String own = "own-" + UUID.randomUUID();
		String other = "other-" + UUID.randomUUID();
		Map<Role, String> ownEntries = Map.of(Role.MEMBER, entryOf(Tokens.member(own), notice(own)), Role.SECRETARIAT,
				entryOf(Tokens.secretariat(), registered()), Role.PARTY_COMMITTEE,
				entryOf(Tokens.party(), renovation()));
		String noticeWithReceipts = noticeWithReceipts(own);
		List<Caller> callers = List.of(Caller.anonymous(),
				new Caller("member (own)", Tokens.member(own), Role.MEMBER, false),
				new Caller("member (other)", Tokens.member(other), Role.MEMBER, true),
				new Caller("secretariat", Tokens.secretariat(), Role.SECRETARIAT, false),
				new Caller("party committee", Tokens.party(), Role.PARTY_COMMITTEE, false),
				new Caller("admin", Tokens.admin(), Role.ADMIN, false));
		AccessMatrixCheck.everyRowAnswersAsTheMatrixSays(this.client, this.matrix, callers, (rule, caller) -> {
			String endpoint = rule.endpoint();
			return switch (endpoint) {
				case "POST /api/v1/inbox/{id}/read" -> {
					if (caller.role() == Role.ADMIN) {
						yield Call.of("/api/v1/inbox/" + UUID.randomUUID() + "/read", Map.of())
							.expecting(404, "no event is addressed to the administrator");
					}
					String entry = (caller.role() == null || caller.otherEnterprise()) ? ownEntries.get(Role.MEMBER)
							: ownEntries.get(caller.role());
					yield Call.of("/api/v1/inbox/" + entry + "/read", Map.of());
				}
				case "PUT /api/v1/preferences" ->
					Call.of("/api/v1/preferences", Map.of("channels", Map.of("MARKET", List.of("INBOX"))));
				case "POST /api/v1/saved-searches" ->
					Call.of("/api/v1/saved-searches", Map.of("category", "PULP", "delivery", "DAILY"));
				case "DELETE /api/v1/saved-searches/{id}" -> Call.of("/api/v1/saved-searches/" + savedSearch(own));
				case "GET /api/v1/notices/{id}/receipts" ->
					Call.of("/api/v1/notices/" + noticeWithReceipts + "/receipts");
				case "POST /api/v1/notices/{id}/reminders" ->
					Call.of("/api/v1/notices/" + noticeWithReceipts(own) + "/reminders", Map.of());
				case "POST /api/v1/dead-letters/{topic}/replay" ->
					Call.of("/api/v1/dead-letters/alliance.members/replay", Map.of());
				default -> {
					if (rule.path().contains("{")) {
						throw new IllegalStateException("No fixture for " + endpoint);
					}
					yield Call.of(rule.path(), rule.method().name().equals("GET") ? null : Map.of());
				}
			};
		});
	}

	@Test
	void aMembersTokenCannotReadAnotherMembersInboxOrAnyReceipts() {
		String own = "own-" + UUID.randomUUID();
		String other = "other-" + UUID.randomUUID();
		NoticePublished notice = notice(own);
		String entry = entryOf(Tokens.member(own), notice);
		assertThat(entryAbout(new InboxReader(this.client), Tokens.member(other), notice.noticeId())).isNull();
		this.client.post()
			.uri("/api/v1/inbox/{id}/read", entry)
			.header(HttpHeaders.AUTHORIZATION, Tokens.member(other))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(new InboxReader(this.client).unread(Tokens.member(own))).isPositive();
		for (String member : List.of(own, other)) {
			this.client.get()
				.uri("/api/v1/notices/{id}/receipts", notice.noticeId())
				.header(HttpHeaders.AUTHORIZATION, Tokens.member(member))
				.exchange()
				.expectStatus()
				.isForbidden();
		}
	}

	@Test
	void aSuspendedMembersTokenIsRefusedUntilItIsReinstated() {
		String member = "suspended-" + UUID.randomUUID();
		String token = Tokens.member(member);
		inbox(token).expectStatus().isOk();
		events.publish(new MemberUpdated(member, "暂停测试纸业", "PAPERMAKING", "SUSPENDED", List.of("status"), "整改",
				"secretariat", Instant.now()));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> inbox(token).expectStatus()
				.isUnauthorized()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		events.publish(new MemberUpdated(member, "暂停测试纸业", "PAPERMAKING", "ACTIVE", List.of("status"), null,
				"secretariat", Instant.now()));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> inbox(token).expectStatus().isOk());
	}

	private WebTestClient.ResponseSpec inbox(String token) {
		return this.client.get().uri("/api/v1/inbox").header(HttpHeaders.AUTHORIZATION, token).exchange();
	}

	private String entryOf(String token, AllianceEvent event) {
		events.publish(event);
		InboxReader inbox = new InboxReader(this.client);
		return await().atMost(Duration.ofSeconds(20))
			.until(() -> entryAbout(inbox, token, event.subject()), (id) -> id != null);
	}

	private String entryAbout(InboxReader inbox, String token, String subject) {
		List<?> items = (List<?>) this.client.get()
			.uri("/api/v1/inbox?size=200")
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("items");
		return items.stream()
			.map((item) -> (Map<?, ?>) item)
			.filter((item) -> subject.equals(item.get("subjectId")))
			.map((item) -> (String) item.get("id"))
			.findFirst()
			.orElse(null);
	}

	private String noticeWithReceipts(String memberId) {
		NoticePublished notice = notice(memberId);
		events.publish(notice);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.client.get()
				.uri("/api/v1/notices/{id}/receipts", notice.noticeId())
				.header(HttpHeaders.AUTHORIZATION, Tokens.secretariat())
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.is2xxSuccessful());
		return notice.noticeId();
	}

	private String savedSearch(String memberId) {
		return (String) this.client.post()
			.uri("/api/v1/saved-searches")
			.header(HttpHeaders.AUTHORIZATION, Tokens.member(memberId))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("category", "PULP", "delivery", "DAILY"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id");
	}

	private static NoticePublished notice(String memberId) {
		return new NoticePublished(UUID.randomUUID().toString(), "权限测试通知", "仅发给一家企业。", "NORMAL", true, null,
				List.of(memberId), "secretariat", Instant.now());
	}

	private static MemberRegistered registered() {
		return new MemberRegistered(UUID.randomUUID().toString(), "权限测试纸业", "91410183MA0000000X", "PAPERMAKING",
				List.of("KRAFT"), List.of("WASTE_PAPER"), 50000, "纸坊村", "李四", "li@example.cn", Instant.now());
	}

	private static RenovationRegistered renovation() {
		return new RenovationRegistered(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "权限测试纸业", "设备升级项目",
				"KRAFT", 10000, 5_000_000, "NONE", LocalDate.now(), LocalDate.now().plusMonths(6), Instant.now());
	}

}
