package org.paperlink.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.paperlink.events.Topics;
import org.paperlink.processes.ManagedProcess;
import org.paperlink.testsupport.RecordedTopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local run with two replicas of each service, each its own JVM, on one broker and
 * one store, as production runs them. Every figure is counted from evidence the services
 * do not keep themselves: records on the topic, captured SSE streams, the mail sink's
 * files and the webhook receiver's files. The run is shared with the console's tests,
 * which go first ({@link SharedLocalRun}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(5)
class TwoReplicasIntegrationTests {

	private static final int MEMBERS = 6;

	private static final AtomicInteger nextFigure = new AtomicInteger(300_000);

	private static LocalStack stack;

	private static LocalRunClient client;

	private static RecordedTopic capacityTopic;

	private static String party;

	private static final List<LocalRunClient.SignedInMember> members = new ArrayList<>();

	@BeforeAll
	static void start() throws Exception {
		stack = SharedLocalRun.twoReplicas();
		client = new LocalRunClient(stack.settings());
		capacityTopic = new RecordedTopic(stack.kafka().bootstrapServers(), Topics.CAPACITY);
		party = client.token("party", "paperlink");
		String secretariat = client.token("secretariat", "paperlink");
		for (int i = 0; i < MEMBERS; i++) {
			members.add(client.newMember(secretariat, "双副本测试纸业" + i + "（示例）"));
		}
	}

	@AfterAll
	static void stop() {
		if (capacityTopic != null) {
			capacityTopic.close();
		}
		// the last user of the shared run
		SharedLocalRun.stop();
	}

	/**
	 * Done-when 1: a reader on notification replica 2 sees within a second every entry,
	 * whichever replica wrote it; back on replica 1 with Last-Event-ID it gets exactly
	 * what it missed.
	 */
	@Test
	@Order(1)
	void aStreamOnEitherReplicaShowsEveryEntryAndResumesOnTheOtherWithNothingMissedOrRepeated() throws Exception {
		List<String> firstReports = new ArrayList<>();
		String lastSeen;
		try (LocalRunClient.ServerSentEvents onTwo = client.events(client.notification(1, "/api/v1/inbox/stream"),
				party, null)) {
			await().atMost(Duration.ofSeconds(10)).until(onTwo::connected);
			for (int i = 0; i < 10; i++) {
				firstReports.add(acknowledged(report(i % 2, members.get(i % MEMBERS))));
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> capacityEntries(onTwo).size() == firstReports.size());
			for (LocalRunClient.ServerSentEvent event : capacityEntries(onTwo)) {
				Instant written = Instant.parse(JsonPath.read(event.data(), "$.createdAt"));
				assertThat(Duration.between(written, event.arrivedAt())).as("written to shown on replica 2")
					.isLessThan(Duration.ofSeconds(1));
			}
			lastSeen = capacityEntries(onTwo).get(firstReports.size() - 1).id();
		}

		List<String> missed = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			missed.add(acknowledged(report(i % 2, members.get(i))));
		}
		awaitOnTopic(missed);
		try (LocalRunClient.ServerSentEvents onOne = client.events(client.notification(0, "/api/v1/inbox/stream"),
				party, lastSeen)) {
			await().atMost(Duration.ofSeconds(20)).until(() -> capacityEntries(onOne).size() >= missed.size());
			await().during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(5))
				.until(() -> capacityEntries(onOne).size() == missed.size());
			assertThat(capacityEntries(onOne)).extracting((event) -> Long.parseLong(event.id()))
				.isSorted()
				.doesNotHaveDuplicates()
				.allMatch((offset) -> offset > Long.parseLong(lastSeen));
		}
	}

	/**
	 * Done-when 3: reports over both alliance replicas while replica 2 is stopped with
	 * SIGTERM and started again: each acknowledged report is on the topic once, each
	 * member's events in version order, and in the Party committee's stream once.
	 */
	@Test
	@Order(2)
	void aRollingRestartOfAnAllianceReplicaUnderLoadLosesDuplicatesAndReordersNothing() throws Exception {
		Map<String, List<String>> acknowledgedByMember = new ConcurrentHashMap<>();
		try (LocalRunClient.ServerSentEvents partyStream = client.events(client.notification(0, "/api/v1/inbox/stream"),
				party, null)) {
			await().atMost(Duration.ofSeconds(10)).until(partyStream::connected);
			ManagedProcess replicaTwo = stack.allianceReplicas().get(1);
			Thread restarter = new Thread(() -> {
				replicaTwo.stop(Duration.ofSeconds(30));
				stack.restart(replicaTwo);
			});
			// about 20 reports a second, before, during and after the restart
			for (int i = 0; i < 60 || restarter.isAlive(); i++) {
				LocalRunClient.SignedInMember member = members.get(i % MEMBERS);
				HttpResponse<String> answer = reportQuietly(i % 2, member);
				if (answer != null && answer.statusCode() == 201) {
					acknowledgedByMember.computeIfAbsent(member.id(), (id) -> new ArrayList<>())
						.add(JsonPath.read(answer.body(), "$.id"));
				}
				if (i == 10) {
					restarter.start();
				}
				await().pollDelay(Duration.ofMillis(50)).until(() -> true);
			}
			restarter.join(Duration.ofMinutes(3).toMillis());
			List<String> acknowledged = acknowledgedByMember.values().stream().flatMap(List::stream).toList();
			assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(60);
			awaitOnTopic(acknowledged);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> capacityEntries(partyStream).size() >= acknowledged.size());
			await().during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(5))
				.until(() -> capacityEntries(partyStream).size() == acknowledged.size());

			Map<String, Long> recordsPerReport = recordsPerReport();
			assertThat(acknowledged).allSatisfy(
					(report) -> assertThat(recordsPerReport.get(report)).as("records of acknowledged report %s", report)
						.isEqualTo(1L));
			for (LocalRunClient.SignedInMember member : members) {
				List<Long> versions = capacityTopic.matching(RecordedTopic.withKey(member.id()))
					.stream()
					.map((record) -> Long.parseLong(RecordedTopic.header(record, "ce_aggregateversion")))
					.toList();
				assertThat(versions).as("versions of %s in topic order", member.id()).isSorted();
				List<String> reportsInTopicOrder = capacityTopic.matching(RecordedTopic.withKey(member.id()))
					.stream()
					.map((record) -> (String) JsonPath.read(record.value(), "$.reportId"))
					.filter(acknowledgedByMember.getOrDefault(member.id(), List.of())::contains)
					.toList();
				assertThat(reportsInTopicOrder)
					.as("acknowledged reports of %s in the order they were made", member.id())
					.containsExactlyElementsOf(acknowledgedByMember.getOrDefault(member.id(), List.of()));
			}
		}
	}

	/**
	 * Done-when 2: the mail server and the webhook receiver are down for 30 s while both
	 * notification replicas run and replica 2 is restarted: every email and every webhook
	 * call arrives once.
	 */
	@Test
	@Order(3)
	void aThirtySecondMailAndWebhookOutageWithANotificationReplicaRestartedSendsEachOnce() throws Exception {
		Set<String> mailBefore = files(stack.settings().dataDirectory().resolve("mail"));
		Set<String> webhooksBefore = files(stack.settings().dataDirectory().resolve("webhooks"));
		stack.mail().stop();
		Instant outageEnds = Instant.now().plusSeconds(30);
		List<String> reports = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			reports.add(acknowledged(report(i % 2, members.get(i % MEMBERS))));
		}
		List<String> events = awaitOnTopic(reports);
		ManagedProcess replicaTwo = stack.notificationReplicas().get(1);
		replicaTwo.stop(Duration.ofSeconds(30));
		stack.restart(replicaTwo);
		await().atMost(Duration.ofSeconds(31)).until(() -> !Instant.now().isBefore(outageEnds));
		stack.mail().start();

		await().atMost(Duration.ofSeconds(90))
			.until(() -> events.stream()
				.allMatch((event) -> mailsPerEvent(mailBefore).containsKey(event)
						&& webhooksPerEvent(webhooksBefore).containsKey(event)));
		// a second copy sent late would still be on its way: the counts must hold a while
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(10))
			.until(() -> events.stream()
				.allMatch((event) -> mailsPerEvent(mailBefore).get(event) == 1L
						&& webhooksPerEvent(webhooksBefore).get(event) == 1L));
		Map<String, Long> mails = mailsPerEvent(mailBefore);
		Map<String, Long> webhooks = webhooksPerEvent(webhooksBefore);
		assertThat(events).allSatisfy((event) -> {
			assertThat(mails.get(event)).as("emails to the Party committee of event %s", event).isEqualTo(1L);
			assertThat(webhooks.get(event)).as("robot calls of event %s", event).isEqualTo(1L);
		});
	}

	/**
	 * Done-when 4: behind a trusted proxy, one client's flood is limited and another
	 * client behind the same proxy is not, on either replica.
	 */
	@Test
	@Order(4)
	void aRateLimitBehindTheTrustedProxyHoldsPerClient() throws Exception {
		List<Integer> flood = new ArrayList<>();
		for (int i = 0; i < 80; i++) {
			flood.add(registerVia(i % 2, "203.0.113.7"));
		}
		// 60 a minute across the two replicas, 30 each
		assertThat(flood).filteredOn((status) -> status == 429).hasSizeGreaterThanOrEqualTo(15);
		assertThat(registerVia(0, "203.0.113.8")).isNotEqualTo(429);
		assertThat(registerVia(1, "203.0.113.8")).isNotEqualTo(429);
	}

	/**
	 * Done-when 5: a need on alliance replica 1 and a matching offer on replica 2, posted
	 * at the same moment, are matched, and the match is announced once: one
	 * {@code match-found} for the pair on the market topic.
	 */
	@Test
	@Order(5)
	void aNeedAndAnOfferPostedAtOnceToTheTwoReplicasAreMatchedOnce() throws Exception {
		String hengfeng = client.token("hengfeng", "paperlink");
		String huishou = client.token("huishou", "paperlink");
		String need = "{\"side\": \"NEED\", \"category\": \"WASTE_PAPER\", \"spec\": \"OCC 11\", \"quantity\": 4200, "
				+ "\"unit\": \"TONNE\", \"priceMinYuan\": 1500, \"priceMaxYuan\": 1800, \"region\": \"大隗镇\", "
				+ "\"validUntil\": \"" + LocalDate.now().plusMonths(1) + "\"}";
		String offer = need.replace("NEED", "OFFER").replace("4200", "3900");
		try (RecordedTopic market = new RecordedTopic(stack.kafka().bootstrapServers(), Topics.MARKET)) {
			var onOne = java.util.concurrent.CompletableFuture
				.supplyAsync(() -> posted(client.post(client.alliance(0, "/api/v1/listings"), hengfeng, need)));
			var onTwo = java.util.concurrent.CompletableFuture
				.supplyAsync(() -> posted(client.post(client.alliance(1, "/api/v1/listings"), huishou, offer)));
			String needId = onOne.join();
			String offerId = onTwo.join();
			java.util.function.Supplier<Long> announcements = () -> market.matching(
					(record) -> "org.paperlink.market.match-found.v1".equals(RecordedTopic.header(record, "ce_type"))
							&& record.value().contains(needId) && record.value().contains(offerId))
				.stream()
				.count();
			await().atMost(Duration.ofSeconds(30)).until(() -> announcements.get() >= 1);
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> announcements.get() == 1);
		}
	}

	private static String posted(java.net.http.HttpRequest request) {
		try {
			HttpResponse<String> answer = client.send(request);
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
			return JsonPath.read(answer.body(), "$.id");
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int registerVia(int replica, String client) throws Exception {
		return TwoReplicasIntegrationTests.client
			.send(java.net.http.HttpRequest
				.newBuilder(TwoReplicasIntegrationTests.client.alliance(replica, "/api/v1/registrations"))
				.header("Content-Type", "application/json")
				.header("X-Forwarded-For", client)
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
				.build())
			.statusCode();
	}

	/** A capacity report with a figure never reported before, on one alliance replica. */
	private static HttpResponse<String> report(int replica, LocalRunClient.SignedInMember member)
			throws IOException, InterruptedException {
		String body = "{\"category\": \"KRAFT\", \"annualTonnes\": " + nextFigure.incrementAndGet()
				+ ", \"effectiveFrom\": \"" + LocalDate.now() + "\", \"reason\": \"CORRECTION\"}";
		return client.send(client.post(client.alliance(replica, "/api/v1/members/" + member.id() + "/capacity-reports"),
				member.token(), body));
	}

	/** A report sent to a replica that may be stopping: null when it did not answer. */
	private static HttpResponse<String> reportQuietly(int replica, LocalRunClient.SignedInMember member) {
		try {
			return report(replica, member);
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private static String acknowledged(HttpResponse<String> answer) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
		return JsonPath.read(answer.body(), "$.id");
	}

	/** Waits until each report is on the topic, and returns their event ids. */
	private static List<String> awaitOnTopic(List<String> reports) {
		await().atMost(Duration.ofSeconds(60)).until(() -> recordsPerReport().keySet().containsAll(reports));
		Map<String, String> eventOf = capacityTopic.matching((record) -> true)
			.stream()
			.collect(Collectors.toMap((record) -> (String) JsonPath.read(record.value(), "$.reportId"),
					(record) -> RecordedTopic.header(record, "ce_id"), (first, again) -> first));
		return reports.stream().map(eventOf::get).toList();
	}

	private static Map<String, Long> recordsPerReport() {
		return capacityTopic.matching((record) -> true)
			.stream()
			.collect(Collectors.groupingBy(
					(ConsumerRecord<String, String> record) -> (String) JsonPath.read(record.value(), "$.reportId"),
					Collectors.counting()));
	}

	private static List<LocalRunClient.ServerSentEvent> capacityEntries(LocalRunClient.ServerSentEvents stream) {
		return stream.named("notification")
			.stream()
			.filter((event) -> event.data().contains("org.paperlink.capacity.reported.v1")
					&& event.data().contains("双副本测试纸业"))
			.toList();
	}

	/**
	 * The Party committee's emails per event (the sink names each file by its recipient);
	 * the pillar lead gets its own email of a capacity report.
	 */
	private static Map<String, Long> mailsPerEvent(Set<String> before) {
		return perEvent(stack.settings().dataDirectory().resolve("mail"), before, "party@paperlink.local.*\\.eml",
				TwoReplicasIntegrationTests::eventOfMail);
	}

	private static Map<String, Long> webhooksPerEvent(Set<String> before) {
		return perEvent(stack.settings().dataDirectory().resolve("webhooks"), before, "\\.json",
				(file) -> JsonPath.read(read(file), "$.eventId"));
	}

	/**
	 * @param suffix a regular expression the end of each counted file's name matches
	 */
	private static Map<String, Long> perEvent(Path directory, Set<String> before, String suffix,
			Function<Path, String> eventOf) {
		Map<String, Long> counts = new HashMap<>();
		if (!Files.isDirectory(directory)) {
			return counts;
		}
		try (Stream<Path> files = Files.list(directory)) {
			files.filter((file) -> file.getFileName().toString().matches(".*" + suffix))
				.filter((file) -> !before.contains(file.getFileName().toString()))
				.map(eventOf)
				.forEach((event) -> counts.merge(event, 1L, Long::sum));
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return counts;
	}

	private static String eventOfMail(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			String[] header = new MimeMessage(Session.getInstance(new Properties()), in)
				.getHeader("X-PaperLink-Event-Id");
			return (header != null) ? header[0] : "none";
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Set<String> files(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return Set.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.map((file) -> file.getFileName().toString()).collect(Collectors.toSet());
		}
	}

}
