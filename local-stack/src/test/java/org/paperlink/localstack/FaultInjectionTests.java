package org.paperlink.localstack;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.paperlink.events.Topics;
import org.paperlink.testsupport.RecordedTopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults injected into the real processes of the local run: the broker,
 * notification-service and alliance-service are killed with SIGKILL, the store and the
 * mail server stopped and started. Every outcome is counted against what was acknowledged
 * to the client (a 201): each acknowledged capacity report must give exactly one entry in
 * the Party committee's inbox (and one email), and no other report any. The figures go to
 * {@code target/reliability-report.md}.
 * <p>
 * Run with {@code ./mvnw verify -Preliability -pl local-stack -am}. The load is spread
 * over 50 members registered for the run, the way an alliance reports.
 */
@Tag("reliability")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionTests {

	private static final int REPORTS = Integer.getInteger("paperlink.reliability.reports", 5000);

	private static final int OUTAGE_SECONDS = Integer.getInteger("paperlink.reliability.outage-seconds", 60);

	private static final int MEMBERS = 50;

	/** A fixed seed, so a run can be repeated exactly. */

	private static final HttpClient http = HttpClient.newHttpClient();

	private static LocalRunClient client;

	private static final List<String> rows = new ArrayList<>();

	private static final List<String[]> members = new ArrayList<>();

	private static final AtomicInteger nextMember = new AtomicInteger();

	private static final AtomicInteger nextFigure = new AtomicInteger(300_000);

	private static LocalStack stack;

	private static String party;

	@BeforeAll
	static void start() throws Exception {
		stack = new LocalStack(LocalRunClient.isolatedSettings("reliability"));
		stack.start(System.out::println);
		client = new LocalRunClient(stack.settings());
		party = client.token("party", "paperlink");
		String secretariat = client.token("secretariat", "paperlink");
		for (int i = 0; i < MEMBERS; i++) {
			members.add(newMember(secretariat, i));
		}
	}

	@AfterAll
	static void stop() throws IOException {
		if (stack != null) {
			stack.close();
		}
		List<String> report = new ArrayList<>(List.of(
				"| scenario | injected | acknowledged | events published | notifications delivered | lost | duplicated | recovered in |",
				"|---|---|---|---|---|---|---|---|"));
		report.addAll(rows);
		Files.writeString(Path.of("target", "reliability-report.md"), String.join("\n", report) + "\n");
		report.forEach(System.out::println);
	}

	@Test
	@Order(1)
	void theBrokerIsKilledUnderLoadAndRestartedTenSecondsLater() throws Exception {
		long before = client.inboxTotal(party);
		try (RecordedTopic capacity = new RecordedTopic(stack.kafka().bootstrapServers(), Topics.CAPACITY)) {
			// one client sending in order at a steady 50/s; the faults on another thread
			ScheduledExecutorService client = Executors.newSingleThreadScheduledExecutor();
			ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor();
			CompletableFuture<Instant> restarted = new CompletableFuture<>();
			List<CompletableFuture<Integer>> sent = new ArrayList<>();
			for (int i = 0; i < REPORTS; i++) {
				int index = i;
				CompletableFuture<Integer> status = new CompletableFuture<>();
				sent.add(status);
				client.schedule(() -> {
					if (index == REPORTS / 2) {
						stack.kafka().kill();
						faults.schedule(() -> {
							stack.kafka().start();
							restarted.complete(Instant.now());
						}, 10, TimeUnit.SECONDS);
					}
					status.complete(reportQuietly());
				}, index * 20L, TimeUnit.MILLISECONDS);
			}
			Instant sending = Instant.now();
			int acknowledged = (int) sent.stream().map(CompletableFuture::join).filter((code) -> code == 201).count();
			double rate = REPORTS / Math.max(1.0, Duration.between(sending, Instant.now()).toMillis() / 1000.0);
			Instant back = restarted.get(2, TimeUnit.MINUTES);
			client.shutdown();
			faults.shutdown();
			long delivered = awaitDelivered(before, acknowledged, Duration.ofMinutes(10));
			Duration recovered = Duration.between(back, Instant.now());
			long published = capacity.await((record) -> true, acknowledged, Duration.ofMinutes(2))
				.stream()
				.map((record) -> RecordedTopic.header(record, "ce_id"))
				.distinct()
				.count();
			row("1 broker crash under load", String.format(
					"%d reports by one client (scheduled at 50/s, achieved %.0f/s); broker SIGKILLed halfway, restarted 10 s later",
					REPORTS, rate), acknowledged, published, delivered, recovered);
			assertThat(delivered).isEqualTo(acknowledged);
			assertThat(published).isEqualTo(acknowledged);
		}
	}

	@Test
	@Order(2)
	void notificationServiceIsKilledMidStream() throws Exception {
		long before = client.inboxTotal(party);
		long mailBefore = mailsTo("party@paperlink.local");
		int total = Math.max(200, REPORTS / 10);
		int acknowledged = 0;
		for (int i = 0; i < total; i++) {
			if (i == total / 2) {
				stack.notificationService().kill();
			}
			acknowledged += (report() == 201) ? 1 : 0;
		}
		stack.restart(stack.notificationService());
		Instant restarted = Instant.now();
		long delivered = awaitDelivered(before, acknowledged, Duration.ofMinutes(5));
		Duration recovered = Duration.between(restarted, Instant.now());
		int expectedMails = acknowledged;
		await().atMost(Duration.ofMinutes(5))
			.until(() -> mailsTo("party@paperlink.local") - mailBefore >= expectedMails);
		long mails = mailsTo("party@paperlink.local") - mailBefore;
		row("2 consumer crash", total + " reports; notification-service SIGKILLed halfway, restarted after them",
				acknowledged, acknowledged, delivered, recovered);
		assertThat(delivered).isEqualTo(acknowledged);
		assertThat(mails).as("one email each, none twice").isEqualTo(acknowledged);
	}

	@Test
	@Order(3)
	void allianceServiceIsKilledBeforeItsRelayFinishes() throws Exception {
		long before = client.inboxTotal(party);
		int burst = Math.max(100, REPORTS / 20);
		List<CompletableFuture<Integer>> calls = new ArrayList<>();
		for (int i = 0; i < burst; i++) {
			calls.add(CompletableFuture.supplyAsync(FaultInjectionTests::reportQuietly));
		}
		int acknowledged = (int) calls.stream().map(CompletableFuture::join).filter((status) -> status == 201).count();
		stack.allianceService().kill();
		stack.restart(stack.allianceService());
		Instant restarted = Instant.now();
		long delivered = awaitDelivered(before, acknowledged, Duration.ofMinutes(5));
		row("3 producer crash between write and publish",
				burst + " concurrent reports over 50 members; alliance-service SIGKILLed right after, restarted",
				acknowledged, acknowledged, delivered, Duration.between(restarted, Instant.now()));
		assertThat(delivered).isEqualTo(acknowledged);
	}

	@Test
	@Order(4)
	void theMailServerIsDownForAMinute() throws Exception {
		stack.mail().stop();
		Instant down = Instant.now();
		long mailBefore = mailsTo("party@paperlink.local");
		long webhooksBefore = webhookRequests();
		int acknowledged = 0;
		for (int i = 0; i < 20; i++) {
			acknowledged += (report() == 201) ? 1 : 0;
		}
		CompletableFuture<Instant> back = new CompletableFuture<>();
		ScheduledExecutorService outage = Executors.newSingleThreadScheduledExecutor();
		outage.schedule(() -> {
			stack.mail().start();
			back.complete(Instant.now());
		}, Math.max(0, OUTAGE_SECONDS * 1000L - Duration.between(down, Instant.now()).toMillis()),
				TimeUnit.MILLISECONDS);
		Instant up = back.get(OUTAGE_SECONDS + 60L, TimeUnit.SECONDS);
		outage.shutdown();
		int expected = acknowledged;
		await().atMost(Duration.ofMinutes(6)).until(() -> mailsTo("party@paperlink.local") - mailBefore >= expected);
		Duration recovered = Duration.between(up, Instant.now());
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(10))
			.until(() -> mailsTo("party@paperlink.local") - mailBefore == expected);
		await().atMost(Duration.ofMinutes(6)).until(() -> webhookRequests() - webhooksBefore >= expected);
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(10))
			.until(() -> webhookRequests() - webhooksBefore == expected);
		long mails = mailsTo("party@paperlink.local") - mailBefore;
		long webhooks = webhookRequests() - webhooksBefore;
		row("4 channel outage",
				"SMTP server and webhook receiver down " + OUTAGE_SECONDS
						+ " s during 20 reports (emails + webhook calls)",
				acknowledged, acknowledged, Math.min(mails, webhooks), recovered);
		assertThat(mails).as("every email arrives, once").isEqualTo(acknowledged);
		assertThat(webhooks).as("every webhook call arrives, once").isEqualTo(acknowledged);
	}

	@Test
	@Order(7)
	void theStoreIsStoppedAndStarted() throws Exception {
		long before = historySize();
		int acknowledged = 0;
		for (int i = 0; i < 50; i++) {
			acknowledged += (report() == 201) ? 1 : 0;
		}
		stack.store().stop();
		Instant stopped = Instant.now();
		stack.store().start();
		int afterRestart = await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofSeconds(1))
			.until(FaultInjectionTests::reportQuietly, (status) -> status == 201);
		Duration recovered = Duration.between(stopped, Instant.now());
		long kept = historySize() - before - 1;
		row("7 store restart", "document store (H2 file) stopped and started after 50 reports", acknowledged,
				acknowledged, kept, recovered);
		assertThat(afterRestart).isEqualTo(201);
		assertThat(kept).as("every acknowledged report is still on record").isEqualTo(acknowledged);
	}

	private static long awaitDelivered(long before, int expected, Duration within) throws Exception {
		await().atMost(within)
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> client.inboxTotal(party) - before >= expected);
		// and it stays there: anything beyond the expected count would be a duplicate
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(10))
			.until(() -> client.inboxTotal(party) - before == expected);
		return client.inboxTotal(party) - before;
	}

	private static void row(String scenario, String injected, long acknowledged, long published, long delivered,
			Duration recovered) {
		rows.add(String.format("| %s | %s | %d | %d | %d | %d | %d | %.1f s |", scenario, injected, acknowledged,
				published, delivered, Math.max(0, acknowledged - delivered), Math.max(0, delivered - acknowledged),
				recovered.toMillis() / 1000.0));
	}

	private static int reportQuietly() {
		try {
			return report();
		}
		catch (Exception ex) {
			return -1;
		}
	}

	/**
	 * A capacity report by the next member, with a figure never reported before, so it
	 * always changes.
	 */
	private static int report() throws IOException, InterruptedException {
		String[] member = members.get(Math.floorMod(nextMember.getAndIncrement(), members.size()));
		String body = "{\"category\": \"KRAFT\", \"annualTonnes\": " + nextFigure.incrementAndGet()
				+ ", \"effectiveFrom\": \"" + LocalDate.now() + "\", \"reason\": \"CORRECTION\"}";
		return http
			.send(HttpRequest.newBuilder(client.alliance("/api/v1/members/" + member[0] + "/capacity-reports"))
				.timeout(Duration.ofSeconds(60))
				.header("Authorization", "Bearer " + member[1])
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	/** Registers a member producing KRAFT, approves it and signs it in: {id, token}. */
	private static String[] newMember(String secretariat, int index) throws IOException, InterruptedException {
		LocalRunClient.SignedInMember member = client.newMember(secretariat, "可靠性测试纸业" + index + "（示例）");
		return new String[] { member.id(), member.token() };
	}

	/** How many capacity reports the test members have on record. */
	private static long historySize() throws IOException, InterruptedException {
		long total = 0;
		for (String[] member : members) {
			HttpResponse<String> history = http
				.send(HttpRequest.newBuilder(client.alliance("/api/v1/members/" + member[0] + "/capacity-reports"))
					.header("Authorization", "Bearer " + member[1])
					.build(), HttpResponse.BodyHandlers.ofString());
			total += ((List<?>) JsonPath.read(history.body(), "$")).size();
		}
		return total;
	}

	private static long mailsTo(String address) throws IOException {
		try (Stream<Path> files = Files.list(stack.settings().dataDirectory().resolve("mail"))) {
			return files.filter((file) -> file.getFileName().toString().contains(address)).count();
		}
	}

	private static long webhookRequests() throws IOException {
		Path directory = stack.settings().dataDirectory().resolve("webhooks");
		if (!Files.isDirectory(directory)) {
			return 0;
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.getFileName().toString().contains("party-committee-robot")).count();
		}
	}

}
