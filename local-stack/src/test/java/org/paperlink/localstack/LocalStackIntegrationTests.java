package org.paperlink.localstack;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local run as a user meets it: the standalone broker, the H2-file store and both
 * services as their own JVMs, driven over HTTP only. This is the Foundation's
 * walkthrough, from registration to both inbox entries, and a restart of the store that
 * keeps the data. It runs on the shared two-replica run after the console's browser
 * tests, so it asserts what it changes, not the demo alliance's totals.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(2)
class LocalStackIntegrationTests {

	private static final String ENTERPRISE = "大隗鑫源纸业有限公司";

	private static final String USCC = LocalRunClient.uscc();

	private static LocalRunClient client;

	private static LocalStack.Settings settings;

	private static LocalStack stack;

	private static String applicationId;

	@BeforeAll
	static void start() {
		stack = SharedLocalRun.twoReplicas();
		settings = stack.settings();
		client = new LocalRunClient(settings);
	}

	@Test
	@Order(1)
	void theDemoAllianceIsSeeded() throws Exception {
		HttpResponse<String> alliance = client.send(client.get(client.alliance("/api/v1/alliance"), null));
		assertThat(alliance.statusCode()).isEqualTo(200);
		// the 38 demo members, and whoever the console's tests registered
		assertThat((Integer) JsonPath.read(alliance.body(), "$.memberTotal")).isGreaterThanOrEqualTo(38);
		assertThat((List<String>) JsonPath.read(alliance.body(), "$.pillars[*].code")).containsExactly("PAPERMAKING",
				"EQUIPMENT", "PACKAGING_PRINTING", "SUPPORTING");
		String token = client.token("dongsen", "paperlink");
		HttpResponse<String> directory = client.send(client.get(client.alliance("/api/v1/members?q=东森"), token));
		assertThat((List<Integer>) JsonPath.read(directory.body(), "$.items[*].annualCapacityTonnes"))
			.containsExactly(250000);
	}

	@Test
	@Order(2)
	void aNewEnterpriseRegistersIsApprovedAndBothSidesAreNotified() throws Exception {
		String application = """
				{"enterpriseName": "%s", "uscc": "%s", "pillar": "PAPERMAKING",
				 "produces": ["KRAFT"], "consumes": ["WASTE_PAPER"], "annualCapacityTonnes": 80000,
				 "contact": {"name": "钱七", "phone": "13900139002", "email": "qian@example.cn"},
				 "village": "和合村", "username": "xinyuan", "password": "Xinyuan2026"}""".formatted(ENTERPRISE, USCC);
		HttpResponse<String> created = client
			.send(client.post(client.alliance("/api/v1/registrations"), null, application));
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat((String) JsonPath.read(created.body(), "$.status")).isEqualTo("PENDING");
		applicationId = JsonPath.read(created.body(), "$.id");

		HttpResponse<String> wrongCheck = client.send(client.post(client.alliance("/api/v1/registrations"), null,
				application.replace(USCC, wrongCheckCharacter(USCC)).replace("xinyuan", "other")));
		assertThat(wrongCheck.statusCode()).isEqualTo(400);
		assertThat((String) JsonPath.read(wrongCheck.body(), "$.errors[0].field")).isEqualTo("uscc");
		HttpResponse<String> repeated = client.send(
				client.post(client.alliance("/api/v1/registrations"), null, application.replace("xinyuan", "another")));
		assertThat(repeated.statusCode()).isEqualTo(409);

		String secretariat = client.token("secretariat", "paperlink");
		HttpResponse<String> approved = client.send(
				client.post(client.alliance("/api/v1/registrations/" + applicationId + "/approve"), secretariat, "{}"));
		assertThat(approved.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(approved.body(), "$.status")).isEqualTo("ACTIVE");

		String member = client.token("xinyuan", "Xinyuan2026");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			String inbox = client.send(client.get(client.notification("/api/v1/inbox?size=200"), secretariat)).body();
			assertThat(
					(List<String>) JsonPath.read(inbox, "$.items[?(@.subjectId == '" + applicationId + "')].eventType"))
				.containsExactly("org.paperlink.member.registered.v1");
		});
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			String inbox = client.send(client.get(client.notification("/api/v1/inbox"), member)).body();
			assertThat((List<String>) JsonPath.read(inbox, "$.items[*].eventType"))
				.containsExactly("org.paperlink.member.approved.v1");
			assertThat((List<String>) JsonPath.read(inbox, "$.items[*].subjectId")).containsExactly(applicationId);
		});
	}

	@Test
	@Order(3)
	void dongsenDoublesItsCapacityAndThePartyCommitteeHearsAtOnce() throws Exception {
		String party = client.token("party", "paperlink");
		String dongsen = client.token("dongsen", "paperlink");
		String dongsenId = JsonPath
			.read(client.send(client.get(client.alliance("/api/v1/members?q=东森"), dongsen)).body(), "$.items[0].id");
		long totalBefore = ((Number) JsonPath
			.read(client.send(client.get(client.alliance("/api/v1/capacity/summary"), party)).body(), "$.totalTonnes"))
			.longValue();

		HttpResponse<String> reported = client
			.send(client.post(client.alliance("/api/v1/members/" + dongsenId + "/capacity-reports"), dongsen,
					"{\"category\": \"HIGH_STRENGTH_CORRUGATING\", \"annualTonnes\": 500000, \"effectiveFrom\": \""
							+ java.time.LocalDate.now() + "\", \"reason\": \"EXPANSION\"}"));
		long accepted = System.nanoTime();
		assertThat(reported.statusCode()).as(reported.body()).isEqualTo(201);
		assertThat((Integer) JsonPath.read(reported.body(), "$.changeTonnes")).isEqualTo(250000);

		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			String inbox = client.send(client.get(client.notification("/api/v1/inbox?unread=true&size=200"), party))
				.body();
			List<Map<String, Object>> urgent = JsonPath.read(inbox,
					"$.items[?(@.eventType == 'org.paperlink.capacity.reported.v1' && @.urgent == true)]");
			assertThat(urgent).anySatisfy(
					(entry) -> assertThat(entry.get("title") + " " + entry.get("body")).contains("东森纸业", "25万吨/年"));
		});
		System.out.printf("capacity report accepted -> urgent entry in the Party committee's inbox: %d ms%n",
				Duration.ofNanos(System.nanoTime() - accepted).toMillis());
		long totalAfter = ((Number) JsonPath
			.read(client.send(client.get(client.alliance("/api/v1/capacity/summary"), party)).body(), "$.totalTonnes"))
			.longValue();
		assertThat(totalAfter).isEqualTo(totalBefore + 250000);
		// the Party committee's email, and the pillar lead 恒丰's: the demo members'
		// contacts are known to notification-service (issue 14, item 3)
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(
					java.nio.file.Files.list(settings.dataDirectory().resolve("mail")).map(Path::toString).toList())
				.anyMatch((file) -> file.contains("party@paperlink.local"))
				.anyMatch((file) -> file.contains("contact01@example.cn")));
	}

	@Test
	@Order(4)
	void aRenovationProjectWalkedToProductionNotifiesThePartyCommitteeAtEachStep() throws Exception {
		String party = client.token("party", "paperlink");
		String dongsen = client.token("dongsen", "paperlink");
		String dongsenId = JsonPath
			.read(client.send(client.get(client.alliance("/api/v1/members?q=东森"), dongsen)).body(), "$.items[0].id");
		HttpResponse<String> created = client
			.send(client.post(client.alliance("/api/v1/members/" + dongsenId + "/renovation-projects"), dongsen, """
					{"title": "年产25万吨高强瓦楞纸技改项目（二期）", "category": "HIGH_STRENGTH_CORRUGATING",
					 "addedCapacityTonnes": 250000, "investmentYuan": 260000000, "keyProjectLevel": "XINMI",
					 "plannedStart": "2026-03-01", "plannedCompletion": "2027-06-30"}"""));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String projectId = JsonPath.read(created.body(), "$.id");
		HttpResponse<String> jump = client
			.send(client.post(client.alliance("/api/v1/renovation-projects/" + projectId + "/status"), dongsen,
					"{\"status\": \"IN_PRODUCTION\"}"));
		assertThat(jump.statusCode()).isEqualTo(409);
		assertThat((List<String>) JsonPath.read(jump.body(), "$.allowed")).containsExactly("APPROVED", "SUSPENDED");
		for (String status : List.of("APPROVED", "UNDER_CONSTRUCTION", "COMPLETED", "IN_PRODUCTION")) {
			HttpResponse<String> moved = client
				.send(client.post(client.alliance("/api/v1/renovation-projects/" + projectId + "/status"), dongsen,
						"{\"status\": \"" + status + "\"}"));
			assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			String inbox = client.send(client.get(client.notification("/api/v1/inbox?size=200"), party)).body();
			List<String> steps = JsonPath.read(inbox, "$.items[?(@.subjectId == '" + projectId + "')].eventType");
			assertThat(steps).hasSize(5);
			List<Boolean> urgent = JsonPath.read(inbox, "$.items[?(@.subjectId == '" + projectId
					+ "' && @.eventType == 'org.paperlink.renovation.status-changed.v1' && @.title =~ /.*已投产.*/)].urgent");
			assertThat(urgent).containsExactly(true);
		});
	}

	@Test
	@Order(5)
	void aNoticeToAllIsReadByHengfengAndDongsenIsReminded() throws Exception {
		String secretariat = client.token("secretariat", "paperlink");
		String hengfeng = client.token("hengfeng", "paperlink");
		String dongsen = client.token("dongsen", "paperlink");
		HttpResponse<String> published = client.send(client.post(client.alliance("/api/v1/notices"), secretariat, """
				{"title": "关于开展安全生产大检查的通知", "body": "请各成员企业于本周五前完成自查。<script>alert(1)</script>",
				 "audience": {"scope": "ALL"}, "priority": "NORMAL", "requiresAck": true}"""));
		long accepted = System.nanoTime();
		assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
		assertThat(published.body()).doesNotContain("<script");
		String noticeId = JsonPath.read(published.body(), "$.id");

		String entry = client.inboxEntryAbout(hengfeng, noticeId);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat((List<String>) JsonPath.read(
					client.send(client.get(client.notification("/api/v1/inbox?size=200"), dongsen)).body(),
					"$.items[*].subjectId"))
				.contains(noticeId));
		System.out.printf("notice to all accepted -> in hengfeng's and dongsen's inboxes: %d ms%n",
				Duration.ofNanos(System.nanoTime() - accepted).toMillis());

		assertThat(client.send(client.post(client.notification("/api/v1/inbox/" + entry + "/read"), hengfeng, ""))
			.statusCode()).isEqualTo(200);
		String receipts = client
			.send(client.get(client.notification("/api/v1/notices/" + noticeId + "/receipts"), secretariat))
			.body();
		int total = JsonPath.read(receipts, "$.total");
		assertThat(total).isGreaterThanOrEqualTo(38);
		assertThat((Integer) JsonPath.read(receipts, "$.read")).isEqualTo(1);
		assertThat((List<String>) JsonPath.read(receipts, "$.unread")).hasSize(total - 1)
			.contains("de0000000000000000000002")
			.doesNotContain("de0000000000000000000001");

		HttpResponse<String> reminded = client
			.send(client.post(client.notification("/api/v1/notices/" + noticeId + "/reminders"), secretariat, ""));
		assertThat((Integer) JsonPath.read(reminded.body(), "$.reminded")).isEqualTo(total - 1);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat((List<String>) JsonPath.read(
					client.send(client.get(client.notification("/api/v1/inbox?size=200"), dongsen)).body(),
					"$.items[?(@.subjectId == '" + noticeId + "')].title"))
				.contains("【提醒】请阅读通知：关于开展安全生产大检查的通知"));
		assertThat((List<String>) JsonPath.read(
				client.send(client.get(client.notification("/api/v1/inbox?size=200"), hengfeng)).body(),
				"$.items[?(@.subjectId == '" + noticeId + "')].title"))
			.hasSize(1);

		HttpResponse<String> pillar = client.send(client.post(client.alliance("/api/v1/notices"), secretariat,
				"""
						{"title": "包装印刷板块座谈会", "body": "请包装印刷企业参加。", "audience": {"scope": "PILLARS", "pillars": ["PACKAGING_PRINTING"]}}"""));
		String pillarNotice = JsonPath.read(pillar.body(), "$.id");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			HttpResponse<String> pillarReceipts = client
				.send(client.get(client.notification("/api/v1/notices/" + pillarNotice + "/receipts"), secretariat));
			assertThat(pillarReceipts.statusCode()).isEqualTo(200);
			assertThat((List<String>) JsonPath.read(pillarReceipts.body(), "$.unread")).hasSize(10)
				.doesNotContain("de0000000000000000000001", "de0000000000000000000002");
		});
		assertThat((List<String>) JsonPath.read(
				client.send(client.get(client.notification("/api/v1/inbox?size=200"), dongsen)).body(),
				"$.items[*].subjectId"))
			.doesNotContain(pillarNotice);
	}

	/**
	 * The matchmaking walkthrough: 恒丰 needs 5,000 t of OCC 11, the waste-paper dealer
	 * sees it on its live feed, offers, and both enterprises are told of the match.
	 */
	@Test
	@Order(6)
	void hengfengsNeedReachesTheDealersFeedAndTheOfferIsMatched() throws Exception {
		String hengfeng = client.token("hengfeng", "paperlink");
		String dealer = client.token("huishou", "paperlink");
		try (LocalRunClient.EventStream feed = client.stream(client.alliance("/api/v1/feed"), dealer)) {
			HttpResponse<String> need = client.send(client.post(client.alliance("/api/v1/listings"), hengfeng,
					"{\"side\": \"NEED\", \"category\": \"WASTE_PAPER\", \"spec\": \"OCC 11\", \"quantity\": 5000, "
							+ "\"unit\": \"TONNE\", \"priceMinYuan\": 1500, \"priceMaxYuan\": 1800, \"region\": \"大隗镇\", "
							+ "\"validUntil\": \"" + java.time.LocalDate.now().plusMonths(3) + "\"}"));
			long accepted = System.nanoTime();
			assertThat(need.statusCode()).as(need.body()).isEqualTo(201);
			String needId = JsonPath.read(need.body(), "$.id");
			LocalRunClient.Arrival seen = await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> feed.first(needId).orElse(null), java.util.Objects::nonNull);
			System.out.printf("need accepted -> on the dealer's live feed: %d ms%n",
					Duration.ofNanos(seen.nanoTime() - accepted).toMillis());
			assertThat(seen.data()).contains("DOWNSTREAM", "恒丰纸业");

			HttpResponse<String> offer = client.send(client.post(client.alliance("/api/v1/listings"), dealer,
					"{\"side\": \"OFFER\", \"category\": \"WASTE_PAPER\", \"spec\": \"OCC 11\", \"quantity\": 3000, "
							+ "\"unit\": \"TONNE\", \"priceMinYuan\": 1600, \"priceMaxYuan\": 1700, "
							+ "\"validUntil\": \"" + java.time.LocalDate.now().plusMonths(1) + "\"}"));
			assertThat(offer.statusCode()).as(offer.body()).isEqualTo(201);
			String offerId = JsonPath.read(offer.body(), "$.id");
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				String matches = client
					.send(client.get(client.alliance("/api/v1/listings/" + needId + "/matches"), hengfeng))
					.body();
				assertThat(JsonPath.<List<String>>read(matches, "$.items[*].listingId")).contains(offerId);
				assertThat(matches).contains("\"score\"", "factors", "大隗再生资源回收");
			});
			for (String token : List.of(hengfeng, dealer)) {
				await().atMost(Duration.ofSeconds(20))
					.untilAsserted(() -> assertThat(
							client.send(client.get(client.notification("/api/v1/inbox?size=20"), token)).body())
						.contains("org.paperlink.market.match-found.v1", "供需匹配：恒丰纸业 求购 ⇄ 大隗再生资源回收（示例） 供应"));
			}
		}
	}

	@Test
	@Order(7)
	void theTraceOfARequestReachesTheLogLineOfTheResultingDelivery() throws Exception {
		String dongsen = client.token("dongsen", "paperlink");
		String dongsenId = JsonPath
			.read(client.send(client.get(client.alliance("/api/v1/members?q=东森"), dongsen)).body(), "$.items[0].id");
		String traceId = java.util.HexFormat.of().formatHex(java.security.SecureRandom.getSeed(16));
		HttpRequest traced = HttpRequest
			.newBuilder(client.alliance("/api/v1/members/" + dongsenId + "/capacity-reports"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + dongsen)
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"category\": \"HIGH_STRENGTH_CORRUGATING\", \"annualTonnes\": 520000, "
						+ "\"effectiveFrom\": \"" + java.time.LocalDate.now() + "\", \"reason\": \"EXPANSION\"}"))
			.build();
		assertThat(client.send(traced).statusCode()).isEqualTo(201);

		// whichever notification replica took the event
		List<Path> logs = List.of(settings.dataDirectory().resolve("logs").resolve("notification-service.log"),
				settings.dataDirectory().resolve("logs").resolve("notification-service-2.log"));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(logs.stream().flatMap(LocalStackIntegrationTests::lines))
				.anyMatch((line) -> line.contains("Notifications delivered for")
						&& line.contains("org.paperlink.capacity.reported.v1 trace " + traceId)));
	}

	/**
	 * The document store stopped and started again, as when the local run is stopped and
	 * run again: the H2 file keeps what was written. (A service started again on existing
	 * data is the two-replica suite's rolling restart.)
	 */
	@Test
	@Order(8)
	void aRestartOfTheStoreKeepsTheData() throws Exception {
		int membersBefore = JsonPath.read(client.send(client.get(client.alliance("/api/v1/alliance"), null)).body(),
				"$.memberTotal");
		stack.store().stop();
		stack.store().start();
		// the services reconnect on their own; until then they answer 503
		HttpResponse<String> alliance = await().atMost(Duration.ofSeconds(60))
			.until(() -> client.send(client.get(client.alliance("/api/v1/alliance"), null)),
					(answer) -> answer.statusCode() == 200);
		assertThat((Integer) JsonPath.read(alliance.body(), "$.memberTotal")).isEqualTo(membersBefore);
		// the overview may come from its cache: a sign-in reads and writes the store
		// itself
		HttpResponse<String> signedIn = await().atMost(Duration.ofSeconds(60))
			.until(() -> client.send(client.post(client.alliance("/api/v1/auth/token"), null,
					"{\"username\": \"xinyuan\", \"password\": \"Xinyuan2026\"}")),
					(answer) -> answer.statusCode() != 503);
		assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
		String member = JsonPath.read(signedIn.body(), "$.access_token");
		HttpResponse<String> profile = client
			.send(client.get(client.alliance("/api/v1/members/" + applicationId), member));
		assertThat((String) JsonPath.read(profile.body(), "$.status")).isEqualTo("ACTIVE");
		assertThat((String) JsonPath.read(profile.body(), "$.enterpriseName")).isEqualTo(ENTERPRISE);
	}

	/** The same code with another check character, so wrong. */
	private static String wrongCheckCharacter(String uscc) {
		return uscc.substring(0, 17) + ((uscc.charAt(17) == '0') ? '1' : '0');
	}

	private static java.util.stream.Stream<String> lines(Path log) {
		try {
			return java.nio.file.Files.exists(log) ? java.nio.file.Files.readAllLines(log).stream()
					: java.util.stream.Stream.empty();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
