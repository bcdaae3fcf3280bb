package org.paperlink.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.paperlink.events.CapacityReported;
import org.paperlink.events.CloudEventEnvelope;
import org.paperlink.events.ListingPublished;
import org.paperlink.events.Topics;
import org.paperlink.processes.ManagedProcess;
import org.paperlink.testsupport.EventPublisher;
import org.paperlink.testsupport.RecordedTopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults injected into the real processes of the local run: the broker,
 * notification-service and alliance-service are killed with SIGKILL, the store and the
 * mail server stopped and started. Every outcome is counted from evidence the system
 * cannot tidy up ({@link Evidence}): the records on {@code alliance.capacity}, the Party
 * committee's emails in the mail sink and its robot's calls in the webhook receiver, each
 * grouped by the event it names, against the reports acknowledged to the client (a 201).
 * A scenario writes its row, whatever its figures, and then fails if any is not 0. The
 * suite writes {@code docs/reliability.md}.
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

	/** How long the store stays stopped in scenario 7, under a report a second. */
	private static final int STORE_OUTAGE_SECONDS = 15;

	/** A fixed seed, so a run can be repeated exactly. */

	private static final HttpClient http = HttpClient.newHttpClient();

	private static LocalRunClient client;

	private static final List<String> rows = new ArrayList<>();

	/** What the counters read on the faults planted in this run's own sinks. */
	private static String plantedFaults;

	/** The reports acknowledged in every scenario so far, as counted. */
	private static final Set<String> everyAcknowledged = new java.util.HashSet<>();

	private static final Instant began = Instant.now();

	/** Every record of the run on the capacity topic, from before the first report. */
	private static RecordedTopic capacity;

	private static final List<LocalRunClient.SignedInMember> members = new ArrayList<>();

	private static final AtomicInteger nextMember = new AtomicInteger();

	private static final AtomicInteger nextFigure = new AtomicInteger(300_000);

	private static LocalStack stack;

	@BeforeAll
	static void start() throws Exception {
		// one client registers and signs in the run's 50 members: it stands for many
		stack = new LocalStack(LocalRunClient.isolatedSettings("reliability"),
				Map.of("paperlink.rate-limits.public-capacity", "1000"));
		stack.start(System.out::println);
		client = new LocalRunClient(stack.settings());
		capacity = new RecordedTopic(stack.kafka().bootstrapServers(), Topics.CAPACITY);
		String secretariat = client.token("secretariat", "paperlink");
		for (int i = 0; i < MEMBERS; i++) {
			members.add(newMember(secretariat, i));
		}
	}

	@AfterAll
	static void stop() throws IOException {
		if (capacity != null) {
			capacity.close();
		}
		if (stack != null) {
			stack.close();
		}
		ReliabilityReport.write(rows, plantedFaults, Duration.between(began, Instant.now()), REPORTS, OUTAGE_SECONDS);
	}

	@Test
	@Order(1)
	void theBrokerIsKilledUnderLoadAndRestartedTenSecondsLater() throws Exception {
		// one client sending in order at a steady 50/s; the faults on another thread
		ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
		ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor();
		CompletableFuture<Instant> restarted = new CompletableFuture<>();
		List<CompletableFuture<Sent>> sent = new ArrayList<>();
		for (int i = 0; i < REPORTS; i++) {
			int index = i;
			CompletableFuture<Sent> outcome = new CompletableFuture<>();
			sent.add(outcome);
			sender.schedule(() -> {
				if (index == REPORTS / 2) {
					stack.kafka().kill();
					faults.schedule(() -> {
						stack.kafka().start();
						restarted.complete(Instant.now());
					}, 10, TimeUnit.SECONDS);
				}
				outcome.complete(reportQuietly());
			}, index * 20L, TimeUnit.MILLISECONDS);
		}
		Instant sending = Instant.now();
		List<Sent> answers = sent.stream().map(CompletableFuture::join).toList();
		double rate = REPORTS / Math.max(1.0, Duration.between(sending, Instant.now()).toMillis() / 1000.0);
		Instant back = restarted.get(2, TimeUnit.MINUTES);
		sender.shutdown();
		faults.shutdown();
		account("1 broker crash under load", String.format(
				"%d reports by one client (scheduled at 50/s, achieved %.0f/s); broker SIGKILLed halfway, restarted 10 s later",
				REPORTS, rate), answers, back, Duration.ofMinutes(10));
	}

	@Test
	@Order(2)
	void notificationServiceIsKilledMidStream() throws Exception {
		int total = Math.max(200, REPORTS / 10);
		List<Sent> answers = new ArrayList<>();
		for (int i = 0; i < total; i++) {
			if (i == total / 2) {
				stack.notificationService().kill();
			}
			answers.add(report());
		}
		stack.restart(stack.notificationService());
		// SMTP and the robots cannot be asked whether a message arrived: a send cut off
		// between its acceptance and its record goes out again, as the same message
		account("2 consumer crash", total + " reports; notification-service SIGKILLed halfway, restarted after them",
				answers, Instant.now(), Duration.ofMinutes(5), true);
	}

	@Test
	@Order(3)
	void allianceServiceIsKilledBeforeItsRelayFinishes() throws Exception {
		int burst = Math.max(100, REPORTS / 20);
		List<CompletableFuture<Sent>> calls = new ArrayList<>();
		for (int i = 0; i < burst; i++) {
			calls.add(CompletableFuture.supplyAsync(FaultInjectionTests::reportQuietly));
		}
		List<Sent> answers = calls.stream().map(CompletableFuture::join).toList();
		stack.allianceService().kill();
		// the crash window this scenario is about: events written with their change that
		// the killed relay had not finished
		long pendingAtKill = pendingEvents("members");
		stack.restart(stack.allianceService());
		account("3 producer crash between write and publish", burst
				+ " concurrent reports over 50 members; alliance-service SIGKILLed right after the last answer, with "
				+ pendingAtKill + " events still pending in the store, restarted", answers, Instant.now(),
				Duration.ofMinutes(5));
		assertThat(pendingAtKill).as("events pending at the kill: otherwise no crash window was tested").isPositive();
	}

	@Test
	@Order(4)
	void theMailServerIsDownForAMinute() throws Exception {
		stack.mail().stop();
		Instant down = Instant.now();
		List<Sent> answers = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			answers.add(report());
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
		account("4 channel outage", "SMTP server and webhook receiver down " + OUTAGE_SECONDS + " s during 20 reports",
				answers, up, Duration.ofMinutes(6));
	}

	@Test
	@Order(5)
	void poisonRecordsGoToTheDeadLetterTopicAndTheNextReportIsNotified() throws Exception {
		Map<String, ProducerRecord<String, String>> poison = new LinkedHashMap<>();
		poison.put("bad JSON", poison("org.paperlink.member.approved.v1", "{not json"));
		poison.put("an unknown type", poison("org.paperlink.member.promoted.v9", "{}"));
		poison.put("no CloudEvents headers", new ProducerRecord<>(Topics.MEMBERS, UUID.randomUUID().toString(), "{}"));
		poison.put("a wrong shape", poison("org.paperlink.member.approved.v1", "[1, 2, 3]"));
		poison.put("a missing field", poison("org.paperlink.member.approved.v1", "{\"memberId\": \"x\"}"));
		poison.put("an oversized value", poison("org.paperlink.member.registered.v1",
				"{\"enterpriseName\": \"" + "x".repeat(1_000_001) + "\"}"));
		long withReason;
		try (RecordedTopic deadLetters = new RecordedTopic(stack.kafka().bootstrapServers(),
				Topics.deadLetter(Topics.MEMBERS));
				EventPublisher publisher = new EventPublisher(stack.kafka().bootstrapServers())) {
			poison.values().forEach(publisher::send);
			Set<String> keys = poison.values().stream().map(ProducerRecord::key).collect(Collectors.toSet());
			try {
				await().atMost(Duration.ofMinutes(1))
					.until(() -> deadLetters.matching((record) -> keys.contains(record.key())).size() >= keys.size());
			}
			catch (ConditionTimeoutException ex) {
				// counted below
			}
			withReason = deadLetters.matching((record) -> keys.contains(record.key()))
				.stream()
				.filter((record) -> record.headers().lastHeader("kafka_dlt-exception-message") != null)
				.map(ConsumerRecord::key)
				.distinct()
				.count();
		}
		List<Sent> answers = List.of(report());
		account("5 poison records",
				"6 poison records on alliance.members (" + String.join(", ", poison.keySet()) + "): " + withReason
						+ " of 6 in alliance.members-dlt with the reason; then 1 report",
				answers, Instant.now(), Duration.ofMinutes(1));
		assertThat(withReason).as("poison records dead-lettered with their reason").isEqualTo(poison.size());
	}

	@Test
	@Order(6)
	void twoHundredRegistrationsOfOneUsccMakeOneMember() throws Exception {
		String uscc = LocalRunClient.uscc();
		List<CompletableFuture<Integer>> calls = new ArrayList<>();
		try (RecordedTopic registered = new RecordedTopic(stack.kafka().bootstrapServers(), Topics.MEMBERS)) {
			for (int i = 0; i < 200; i++) {
				calls.add(CompletableFuture.supplyAsync(() -> register(uscc)));
			}
			long created = calls.stream().map(CompletableFuture::join).filter((status) -> status == 201).count();
			Predicate<ConsumerRecord<String, String>> ofThisUscc = (record) -> record.value() != null
					&& record.value().contains(uscc)
					&& "org.paperlink.member.registered.v1".equals(RecordedTopic.header(record, "ce_type"));
			try {
				await().atMost(Duration.ofSeconds(30)).until(() -> registered.matching(ofThisUscc).size() >= created);
			}
			catch (ConditionTimeoutException ex) {
				// counted below
			}
			// a late second event would show here
			await().during(Duration.ofSeconds(5))
				.atMost(Duration.ofSeconds(10))
				.until(() -> registered.matching(ofThisUscc).size() <= created);
			Evidence.OnTopic topic = Evidence.OnTopic.of(registered.matching(ofThisUscc));
			long lost = Math.max(0, created - topic.distinctEvents());
			long duplicated = Math.max(0, topic.distinctEvents() - created);
			rows.add(String.format(
					"| 6 contention | 200 concurrent registrations with one USCC | %d | %d (%d distinct) "
							+ "| %d | — | — | %d | %d | 0 | — |",
					created, topic.records(), topic.distinctEvents(), topic.versionInversions(), lost, duplicated));
			assertThat(created).as("one registration of the USCC accepted").isEqualTo(1);
			assertThat(lost).isZero();
			assertThat(duplicated).isZero();
		}
	}

	/**
	 * The store is stopped for a while under a report a second: each of those is refused
	 * at once as a problem (503 with Retry-After, nothing written), and every report
	 * acknowledged before the stop still reaches the Party committee once.
	 */
	@Test
	@Order(7)
	void theStoreIsStoppedUnderTrafficAndStarted() throws Exception {
		long before = historySize();
		List<Sent> answers = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			answers.add(report());
		}
		stack.store().stop();
		Instant stopped = Instant.now();
		List<CompletableFuture<HttpResponse<String>>> duringTheOutage = new CopyOnWriteArrayList<>();
		ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
		traffic.scheduleAtFixedRate(
				() -> duringTheOutage.add(http.sendAsync(reportRequest(), HttpResponse.BodyHandlers.ofString())), 0, 1,
				TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(STORE_OUTAGE_SECONDS + 10))
			.until(() -> duringTheOutage.size() >= STORE_OUTAGE_SECONDS);
		traffic.shutdownNow();
		List<HttpResponse<String>> refused = new ArrayList<>();
		for (CompletableFuture<HttpResponse<String>> answer : duringTheOutage) {
			refused.add(answer.get(60, TimeUnit.SECONDS));
		}
		stack.store().start();
		Sent afterRestart = await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofSeconds(1))
			.until(FaultInjectionTests::reportQuietly, (answer) -> answer.status() == 201);
		answers.add(afterRestart);
		long kept = historySize() - before;
		long unavailable = refused.stream()
			.filter((answer) -> answer.statusCode() == 503 && answer.headers().firstValue("Retry-After").isPresent()
					&& answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"))
			.count();
		account("7 store restart", String.format(
				"document store (H2 file) stopped for %d s after 50 reports, under a report a second: %d of %d answered 503 with Retry-After (statuses %s)",
				STORE_OUTAGE_SECONDS, unavailable, refused.size(),
				refused.stream().map(HttpResponse::statusCode).distinct().sorted().toList()), answers, stopped,
				Duration.ofMinutes(2));
		assertThat(unavailable).as("reports during the outage answered 503 + Retry-After as a problem")
			.isEqualTo(refused.size());
		assertThat(kept).as("every acknowledged report is still on record")
			.isEqualTo(answers.stream().filter(Sent::acknowledged).count());
	}

	/**
	 * Scenario 11: acknowledged means durable. The store is killed (SIGKILL: nothing is
	 * saved on the way out) while reports arrive at 20 a second over the run's members,
	 * and the local run's supervisor starts it again. Every report answered 201 must be
	 * in the store (its member's history), on the topic, and emailed. With
	 * {@code -Dpaperlink.store.durability=delayed} (writes answered before the disk, as
	 * H2's auto-commit did) the same scenario reads lost above 0.
	 */
	@Test
	@Order(11)
	void theStoreIsKilledUnderTwentyReportsASecondAndTheSupervisorStartsItAgain() throws Exception {
		long before = historySize();
		int total = 600;
		List<String> supervision = new CopyOnWriteArrayList<>();
		List<CompletableFuture<Sent>> sent = new ArrayList<>();
		ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
		CompletableFuture<Instant> killed = new CompletableFuture<>();
		int restarts;
		try (Supervisor supervisor = stack.supervise(supervision::add)) {
			for (int i = 0; i < total; i++) {
				int index = i;
				CompletableFuture<Sent> outcome = new CompletableFuture<>();
				sent.add(outcome);
				sender.schedule(() -> {
					if (index == total / 3) {
						stack.store().kill();
						killed.complete(Instant.now());
					}
					http.sendAsync(reportRequest(), HttpResponse.BodyHandlers.ofString())
						.thenApply((answer) -> new Sent(answer.statusCode(),
								(answer.statusCode() == 201) ? JsonPath.read(answer.body(), "$.id") : null))
						.exceptionally((failure) -> new Sent(-1, null))
						.thenAccept(outcome::complete);
				}, index * 50L, TimeUnit.MILLISECONDS);
			}
			List<Sent> answers = sent.stream().map(CompletableFuture::join).toList();
			await().atMost(Duration.ofMinutes(1))
				.until(() -> supervisor.restarts().getOrDefault("document-store", 0) > 0);
			restarts = supervisor.restarts().getOrDefault("document-store", 0);
			sender.shutdown();
			long acknowledged = answers.stream().filter(Sent::acknowledged).count();
			Map<Integer, Long> statuses = answers.stream()
				.collect(Collectors.groupingBy(Sent::status, TreeMap::new, Collectors.counting()));
			long kept = historySize() - before;
			account("11 store crash under load", String.format(
					"%d reports at 20/s over %d members; document store SIGKILLed a third of the way in, started again by the local run's supervisor (%d restart); statuses %s (-1: no answer); %d of %d acknowledged reports in the store after it",
					total, MEMBERS, restarts, statuses, kept, acknowledged), answers, killed.get(),
					Duration.ofMinutes(5));
			assertThat(kept).as("acknowledged reports still in the store after its crash").isEqualTo(acknowledged);
		}
		finally {
			sender.shutdownNow();
		}
	}

	/**
	 * Production runs two replicas of each service. The suite's run is replaced by one
	 * with two of each, and every replica, alliance-service's then
	 * notification-service's, is stopped with SIGTERM and started again in turn, under 20
	 * reports a second spread over the two alliance replicas. It runs last: these two
	 * cores deliver fewer than 20 reports a second with four service JVMs, so a backlog
	 * builds up that later scenarios would queue behind, and the count waits up to 20
	 * minutes for it to drain.
	 */
	@Test
	@Order(12)
	void everyReplicaOfBothServicesIsRestartedInTurnUnderTwentyReportsASecond() throws Exception {
		withTwoReplicasOfEachService();

		List<CompletableFuture<Sent>> sent = new CopyOnWriteArrayList<>();
		AtomicInteger next = new AtomicInteger();
		// as a load balancer with readiness checks does, no report goes to the alliance
		// replica that is being stopped or is not ready again yet
		AtomicInteger outOfRotation = new AtomicInteger(-1);
		ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
		traffic.scheduleAtFixedRate(() -> {
			int replica = next.getAndIncrement() % 2;
			if (replica == outOfRotation.get()) {
				replica = 1 - replica;
			}
			sent.add(http.sendAsync(reportRequest(replica), HttpResponse.BodyHandlers.ofString())
				.handle((answer, failure) -> (answer == null) ? new Sent(-1, null) : new Sent(answer.statusCode(),
						(answer.statusCode() == 201) ? JsonPath.<String>read(answer.body(), "$.id") : null)));
		}, 0, 50, TimeUnit.MILLISECONDS);
		Instant trafficFrom = Instant.now();
		List<ManagedProcess> replicas = new ArrayList<>(stack.allianceReplicas());
		replicas.addAll(stack.notificationReplicas());
		for (ManagedProcess replica : replicas) {
			outOfRotation.set(stack.allianceReplicas().indexOf(replica));
			replica.stop(Duration.ofSeconds(30));
			// a JVM starting beside 20 reports a second on two cores takes minutes
			stack.restart(replica, Duration.ofMinutes(8));
			outOfRotation.set(-1);
		}
		Instant restarted = Instant.now();
		traffic.shutdown();
		List<Sent> answers = sent.stream().map(CompletableFuture::join).toList();
		double rate = answers.size() / Math.max(1.0, Duration.between(trafficFrom, restarted).toMillis() / 1000.0);
		account("8 rolling restart", String.format(
				"two replicas of each service, each stopped with SIGTERM and started again in turn, over %.0f s under %d reports (%.0f/s) spread over the alliance replicas in rotation (the one restarting taken out); %d acknowledged (statuses %s, -1: no answer)",
				Duration.between(trafficFrom, restarted).toMillis() / 1000.0, answers.size(), rate,
				answers.stream().filter(Sent::acknowledged).count(),
				new TreeMap<>(answers.stream().collect(Collectors.groupingBy(Sent::status, Collectors.counting())))),
				answers, restarted, Duration.ofMinutes(20));
	}

	/**
	 * Scenario 13, on the two-replica run: one notification replica is paused (SIGSTOP)
	 * under 5 reports a second for 40 s, past its Kafka session and its delivery lease,
	 * then resumed. The other replica takes its partitions and, once its lease has run
	 * out, its pending deliveries; the resumed one stops sending what it no longer holds.
	 * Nothing may be lost, repeated or reordered.
	 */
	@Test
	@Order(13)
	void aNotificationReplicaIsPausedPastItsLeasesUnderLoadAndResumed() throws Exception {
		withTwoReplicasOfEachService();
		ManagedProcess paused = stack.notificationReplicas().get(0);
		Instant[] pausedAt = new Instant[1];
		List<Sent> answers = steadyReports(5, Duration.ofSeconds(90), Map.of(Duration.ofSeconds(20), () -> {
			signal(paused, "STOP");
			pausedAt[0] = Instant.now();
		}, Duration.ofSeconds(60), () -> signal(paused, "CONT")));
		account("13 notification replica paused", String.format(
				"two notification replicas; one paused with SIGSTOP for 40 s (past its 10-s Kafka session and 15-s delivery lease) under 5 reports/s for 90 s, then resumed; %d acknowledged (statuses %s)",
				answers.stream().filter(Sent::acknowledged).count(), statuses(answers)), answers, pausedAt[0],
				Duration.ofMinutes(5));
	}

	/**
	 * Scenario 14, on the two-replica run: the store is stopped for 30 s, longer than a
	 * delivery lease, while both notification replicas send under 5 reports a second.
	 * Both lose their leases; what they sent before is recorded when the store is back,
	 * before anyone takes their deliveries over.
	 */
	@Test
	@Order(14)
	void theStoreIsStoppedLongerThanADeliveryLeaseWhileTwoNotificationReplicasSend() throws Exception {
		withTwoReplicasOfEachService();
		Instant[] stoppedAt = new Instant[1];
		List<Sent> answers = steadyReports(5, Duration.ofSeconds(80), Map.of(Duration.ofSeconds(20), () -> {
			stack.store().stop();
			stoppedAt[0] = Instant.now();
		}, Duration.ofSeconds(50), () -> stack.store().start()));
		account("14 store away past the delivery lease", String.format(
				"two notification replicas sending; the document store stopped for 30 s (the delivery lease is 15 s) under 5 reports/s for 80 s; %d acknowledged (statuses %s; reports during the outage answered 503)",
				answers.stream().filter(Sent::acknowledged).count(), statuses(answers)), answers, stoppedAt[0],
				Duration.ofMinutes(5));
	}

	/**
	 * Replaces the suite's run by one with two replicas of each service, as production
	 * runs, with members of its own; once, for the scenarios from 12 on.
	 */
	private static void withTwoReplicasOfEachService() throws Exception {
		if (stack.allianceReplicas().size() == 2) {
			return;
		}
		capacity.close();
		stack.close();
		stack = new LocalStack(LocalRunClient.isolatedSettings("reliability-replicas").withReplicas(2),
				Map.of("paperlink.rate-limits.public-capacity", "1000"));
		stack.start(System.out::println);
		client = new LocalRunClient(stack.settings());
		capacity = new RecordedTopic(stack.kafka().bootstrapServers(), Topics.CAPACITY);
		members.clear();
		String secretariat = client.token("secretariat", "paperlink");
		for (int i = 0; i < MEMBERS; i++) {
			members.add(newMember(secretariat, i));
		}
	}

	/**
	 * Reports at {@code rate} a second for {@code duration}, spread over the alliance
	 * replicas, with each action run once its moment has come.
	 */
	private static List<Sent> steadyReports(int rate, Duration duration, Map<Duration, Runnable> actions)
			throws Exception {
		List<CompletableFuture<Sent>> sent = new CopyOnWriteArrayList<>();
		AtomicInteger next = new AtomicInteger();
		int replicas = stack.allianceReplicas().size();
		ScheduledExecutorService traffic = Executors.newScheduledThreadPool(2);
		traffic.scheduleAtFixedRate(
				() -> sent.add(http
					.sendAsync(reportRequest(next.getAndIncrement() % replicas), HttpResponse.BodyHandlers.ofString())
					.handle((answer, failure) -> (answer == null) ? new Sent(-1, null)
							: new Sent(answer.statusCode(), (answer.statusCode() == 201)
									? JsonPath.<String>read(answer.body(), "$.id") : null))),
				0, 1000 / rate, TimeUnit.MILLISECONDS);
		actions.forEach((at, action) -> traffic.schedule(action, at.toMillis(), TimeUnit.MILLISECONDS));
		try {
			// the traffic runs its course
			await().pollDelay(duration).atMost(duration.plusSeconds(10)).until(() -> true);
		}
		finally {
			traffic.shutdownNow();
		}
		return sent.stream().map(CompletableFuture::join).toList();
	}

	/** Sends a signal (STOP, CONT) to a process of the local run. */
	private static void signal(ManagedProcess process, String signal) {
		try {
			new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Map<Integer, Long> statuses(List<Sent> answers) {
		return new TreeMap<>(answers.stream().collect(Collectors.groupingBy(Sent::status, Collectors.counting())));
	}

	/**
	 * The counters on faults planted in this run's own sinks, after the scenarios above
	 * wrote their rows: a copy of one email, one robot call taken away, and the emails of
	 * two consecutive reports of one member swapped must each read exactly 1 more. The
	 * sinks are put back afterwards, and read as before.
	 */
	@Test
	@Order(10)
	void theCountersReadEachFaultPlantedInThisRunsOwnSinksAsOne() throws Exception {
		Path mail = stack.settings().dataDirectory().resolve("mail");
		Path webhooks = stack.settings().dataDirectory().resolve("webhooks");
		// nothing still on its way: the sinks hold still before anything is planted
		await().during(Duration.ofSeconds(5))
			.atMost(Duration.ofMinutes(1))
			.until(() -> List.of(filesIn(mail), filesIn(webhooks)), new java.util.function.Predicate<>() {
				private List<Long> last;

				@Override
				public boolean test(List<Long> now) {
					boolean same = now.equals(this.last);
					this.last = now;
					return same;
				}
			});
		List<ConsumerRecord<String, String>> records = capacity
			.matching((record) -> everyAcknowledged.contains(reportIdOf(record)));
		Map<String, Evidence.Published> events = Evidence.OnTopic.of(records).events();
		// two consecutive versions of one member, each emailed once, the older first
		List<Evidence.Published> pair = events.values()
			.stream()
			.collect(Collectors.groupingBy(Evidence.Published::aggregateId))
			.values()
			.stream()
			.map((ofOne) -> ofOne.stream()
				.sorted(java.util.Comparator.comparingLong(Evidence.Published::version))
				.toList())
			.filter((ofOne) -> ofOne.size() >= 2 && ofOne.get(1).version() == ofOne.get(0).version() + 1)
			.map((ofOne) -> ofOne.subList(0, 2))
			.filter((two) -> partyEmails(mail, two.get(0).eventId()).size() == 1
					&& partyEmails(mail, two.get(1).eventId()).size() == 1
					&& partyEmails(mail, two.get(0).eventId()).get(0)
						.compareTo(partyEmails(mail, two.get(1).eventId()).get(0)) < 0)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no member with two consecutive reports emailed once each"));
		Evidence.Published copied = events.values()
			.stream()
			.filter((event) -> !event.aggregateId().equals(pair.get(0).aggregateId()))
			.filter((event) -> partyEmails(mail, event.eventId()).size() == 1
					&& partyRobotCalls(webhooks, event.eventId()).size() == 1)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no event with one email and one robot call"));
		// the figures of the two members' reports only: nothing else can move them
		Set<String> members = Set.of(pair.get(0).aggregateId(), copied.aggregateId());
		Set<String> theirReports = records.stream()
			.filter((record) -> members.contains(record.key()))
			.map(FaultInjectionTests::reportIdOf)
			.collect(Collectors.toSet());
		Figures before = count(theirReports);

		Path original = partyEmails(mail, copied.eventId()).get(0);
		// sorts just before the original, so it is a repeat, not also out of order
		Path copy = original.resolveSibling(original.getFileName().toString().replace(".eml", "-planted-copy.eml"));
		Path call = partyRobotCalls(webhooks, copied.eventId()).get(0);
		// not .json while away, so the receiver's files do not count it
		Path callAway = call.resolveSibling(call.getFileName() + ".planted-away");
		Path older = partyEmails(mail, pair.get(0).eventId()).get(0);
		Path newer = partyEmails(mail, pair.get(1).eventId()).get(0);
		Figures planted;
		boolean copiedOne = false;
		boolean movedOne = false;
		boolean swapped = false;
		try {
			Files.copy(original, copy);
			copiedOne = true;
			Files.move(call, callAway);
			movedOne = true;
			swap(older, newer);
			swapped = true;
			planted = count(theirReports);
		}
		finally {
			// each undone only if it was done, and each whatever became of the others
			try {
				if (copiedOne) {
					Files.deleteIfExists(copy);
				}
			}
			finally {
				try {
					if (movedOne) {
						Files.move(callAway, call);
					}
				}
				finally {
					if (swapped) {
						swap(older, newer);
					}
				}
			}
		}
		Figures after = count(theirReports);
		plantedFaults = String.format(
				"After the scenarios above, faults were planted in this run's own sinks and then put back, and the "
						+ "reports of the two members they touched were counted again: a copy of the email of one "
						+ "report read duplicated %d → %d; its robot call taken away read lost %d → %d; the emails of "
						+ "versions %d and %d of the other member swapped read reordered %d → %d. Put back, they read "
						+ "%d, %d and %d again.",
				before.duplicated(), planted.duplicated(), before.lost(), planted.lost(), pair.get(0).version(),
				pair.get(1).version(), before.reordered(), planted.reordered(), after.duplicated(), after.lost(),
				after.reordered());
		assertThat(planted.duplicated() - before.duplicated()).as("a copied email").isEqualTo(1);
		assertThat(planted.lost() - before.lost()).as("a robot call taken away").isEqualTo(1);
		assertThat(planted.reordered() - before.reordered()).as("two emails swapped").isEqualTo(1);
		assertThat(after).isEqualTo(before);
	}

	/** The Party committee's emails in the mail sink that name {@code eventId}. */
	private static List<Path> partyEmails(Path mail, String eventId) {
		return filesOf(mail,
				(file, text) -> file.endsWith(".eml") && text.contains(eventId) && text.contains(Evidence.PARTY_EMAIL));
	}

	private static long filesIn(Path sink) {
		try (java.util.stream.Stream<Path> files = Files.list(sink)) {
			return files.count();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** The Party committee robot's calls in the webhook receiver for {@code eventId}. */
	private static List<Path> partyRobotCalls(Path webhooks, String eventId) {
		try (java.util.stream.Stream<Path> files = Files.list(webhooks)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".json"))
				.filter((file) -> file.getFileName().toString().contains(Evidence.PARTY_ROBOT)
						&& file.getFileName().toString().contains(eventId))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static List<Path> filesOf(Path sink, java.util.function.BiPredicate<String, String> nameAndText) {
		try (java.util.stream.Stream<Path> files = Files.list(sink)) {
			return files.sorted()
				.filter((file) -> nameAndText.test(file.getFileName().toString(), text(file)))
				.toList();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static String text(Path file) {
		try {
			return Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
		}
		catch (java.nio.file.NoSuchFileException ex) {
			// taken away between the listing and the reading
			return "";
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** Swaps two files' contents by swapping their names. */
	private static void swap(Path one, Path other) throws IOException {
		Path aside = one.resolveSibling(one.getFileName() + ".swap");
		Files.move(one, aside);
		Files.move(other, one);
		Files.move(aside, other);
	}

	/**
	 * The store is unreachable for the channel-outage time while notification-service
	 * consumes capacity events (published straight to the topic, as alliance-service had
	 * before the store went): the consumers wait and retry, nothing is dead-lettered, and
	 * every event reaches the Party committee once when the store is back.
	 */
	@Test
	@Order(8)
	void theStoreIsUnreachableWhileNotificationServiceConsumes() throws Exception {
		try (RecordedTopic deadLetters = new RecordedTopic(stack.kafka().bootstrapServers(),
				Topics.deadLetter(Topics.CAPACITY));
				EventPublisher publisher = new EventPublisher(stack.kafka().bootstrapServers())) {
			stack.store().stop();
			List<Sent> published = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				published.add(publishReport(publisher, members.get(i % members.size()).id(), 1_000L + i, Map.of()));
			}
			CompletableFuture<Instant> back = new CompletableFuture<>();
			ScheduledExecutorService outage = Executors.newSingleThreadScheduledExecutor();
			outage.schedule(() -> {
				stack.store().start();
				back.complete(Instant.now());
			}, OUTAGE_SECONDS, TimeUnit.SECONDS);
			Instant up = back.get(OUTAGE_SECONDS + 120L, TimeUnit.SECONDS);
			outage.shutdown();
			Set<String> keys = published.stream().map(Sent::reportId).collect(Collectors.toSet());
			long deadLettered = deadLetters.matching((record) -> keys.contains(reportIdOf(record))).size();
			account("9 store outage during consumption", String.format(
					"document store stopped %d s while notification-service consumed 20 capacity events; %d dead-lettered",
					OUTAGE_SECONDS, deadLettered), published, up, Duration.ofMinutes(3));
			assertThat(deadLetters.matching((record) -> keys.contains(reportIdOf(record)))).isEmpty();
		}
	}

	/**
	 * A newer alliance-service publishes events with fields this notification-service
	 * does not know: each is processed, none dead-lettered, and the market feed shows a
	 * listing with a new field too.
	 */
	@Test
	@Order(9)
	void eventsWithFieldsTheConsumersDoNotKnowAreProcessed() throws Exception {
		Map<String, Object> newFields = Map.of("plantSite", "大隗镇工业园", "certificates",
				List.of(Map.of("kind", "FSC", "until", "2028-12-31")));
		LocalRunClient.SignedInMember reader = members.get(0);
		String listingId = UUID.randomUUID().toString();
		List<Sent> published = new ArrayList<>();
		boolean onTheFeed;
		long deadLettered;
		try (RecordedTopic deadLetters = new RecordedTopic(stack.kafka().bootstrapServers(),
				Topics.deadLetter(Topics.CAPACITY));
				EventPublisher publisher = new EventPublisher(stack.kafka().bootstrapServers());
				LocalRunClient.ServerSentEvents feed = client.events(client.alliance(0, "/api/v1/feed"), reader.token(),
						null)) {
			try {
				await().atMost(Duration.ofSeconds(30)).until(feed::connected);
			}
			catch (ConditionTimeoutException ex) {
				// the listing then shows as not on the feed: written in the row, then
				// failed
			}
			for (int i = 0; i < 5; i++) {
				published.add(publishReport(publisher, members.get(1 + i).id(), 2_000L + i, newFields));
			}
			// a need for what the reader makes, from another member, as a newer release
			// writes it
			ListingPublished need = new ListingPublished(listingId, members.get(1).id(), "可靠性测试纸业1（示例）", "NEED",
					"KRAFT", null, 100, "TONNE", null, null, "新密", LocalDate.now().plusDays(30), Instant.now());
			publisher.publishWithNewFields(need, newFields);
			try {
				await().atMost(Duration.ofSeconds(30))
					.until(() -> feed.named("listing").stream().anyMatch((event) -> event.data().contains(listingId)));
			}
			catch (ConditionTimeoutException ex) {
				// said in the row, then failed
			}
			onTheFeed = feed.named("listing").stream().anyMatch((event) -> event.data().contains(listingId));
			Set<String> keys = published.stream().map(Sent::reportId).collect(Collectors.toSet());
			deadLettered = deadLetters.matching((record) -> keys.contains(reportIdOf(record))).size();
		}
		account("10 schema evolution", String.format(
				"5 capacity events and a listing with two fields this release does not know; %d dead-lettered; the listing %s the market feed",
				deadLettered, onTheFeed ? "on" : "NOT on"), published, Instant.now(), Duration.ofMinutes(1));
		assertThat(deadLettered).as("events with new fields dead-lettered").isZero();
		assertThat(onTheFeed).as("the listing with new fields on the market feed").isTrue();
	}

	/**
	 * A capacity report's event published straight to the topic, as alliance-service
	 * writes it (with {@code newFields} as a newer release might add): what a client
	 * would have been told.
	 */
	private static Sent publishReport(EventPublisher publisher, String memberId, long version,
			Map<String, Object> newFields) {
		int figure = nextFigure.incrementAndGet();
		CapacityReported report = new CapacityReported(UUID.randomUUID().toString(), memberId, "可靠性测试纸业（示例）",
				"PAPERMAKING", null, "KRAFT", figure - 1000, figure, 1000, LocalDate.now(), "CORRECTION", null,
				"reliability", Instant.now());
		if (newFields.isEmpty()) {
			publisher.publish(report, UUID.randomUUID().toString(), version);
		}
		else {
			publisher.publishWithNewFields(report, newFields, version);
		}
		return new Sent(201, report.reportId());
	}

	/** What the client was told: the status, and the report's id when it was created. */
	record Sent(int status, String reportId) {

		boolean acknowledged() {
			return this.status == 201 && this.reportId != null;
		}

	}

	/**
	 * Counts a scenario from the evidence: waits until every acknowledged report shows on
	 * both of the Party committee's channels (or {@code within} runs out) and the figures
	 * hold still, writes the row, then fails on any figure that is not 0.
	 */
	private static void account(String scenario, String injected, List<Sent> answers, Instant recoveryFrom,
			Duration within) {
		account(scenario, injected, answers, recoveryFrom, within, false);
	}

	/**
	 * Counts a scenario's outcome, writes its row and fails on anything lost, reordered
	 * or repeated.
	 * @param repeatsOfOneMessage whether a message may go out again (a SIGKILL mid-send),
	 * each email repeat carrying its original's {@code Message-ID}
	 */
	private static void account(String scenario, String injected, List<Sent> answers, Instant recoveryFrom,
			Duration within, boolean repeatsOfOneMessage) {
		Set<String> acknowledged = answers.stream()
			.filter(Sent::acknowledged)
			.map(Sent::reportId)
			.collect(Collectors.toSet());
		everyAcknowledged.addAll(acknowledged);
		try {
			await().atMost(within).pollInterval(Duration.ofSeconds(1)).until(() -> count(acknowledged).lost() == 0);
		}
		catch (ConditionTimeoutException ex) {
			// counted and written below, then failed
		}
		Duration recovered = Duration.between(recoveryFrom, Instant.now());
		// a duplicate shows late: the figures must hold still for a while
		Figures[] last = { count(acknowledged) };
		try {
			await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30)).until(() -> {
				Figures now = count(acknowledged);
				boolean same = now.equals(last[0]);
				last[0] = now;
				return same;
			});
		}
		catch (ConditionTimeoutException ex) {
			// still moving: the row says what was there at the end
		}
		Figures figures = last[0];
		rows.add(String.format("| %s | %s | %d | %d (%d distinct) | %d | %d | %d | %d | %d | %d | %.1f s |", scenario,
				injected, acknowledged.size(), figures.topic().records(), figures.topic().distinctEvents(),
				figures.topic().versionInversions(), figures.emails(), figures.webhookCalls(), figures.lost(),
				figures.duplicated(), figures.reordered(), recovered.toMillis() / 1000.0));
		assertThat(figures.lost()).as("%s: acknowledged with no effect", scenario).isZero();
		if (repeatsOfOneMessage) {
			Map<String, List<String>> messageIds = Evidence.messageIds(stack.settings().dataDirectory().resolve("mail"),
					Evidence.PARTY_EMAIL);
			assertThat(messageIds.values()).as("%s: each repeated email carries its original's Message-ID", scenario)
				.allMatch((ids) -> Set.copyOf(ids).size() == 1);
		}
		else {
			assertThat(figures.duplicated()).as("%s: effects beyond one per event and channel", scenario).isZero();
		}
		assertThat(figures.reordered()).as("%s: older versions after newer ones", scenario).isZero();
	}

	/**
	 * The figures of the reports {@code acknowledged}, counted afresh from the evidence.
	 */
	record Figures(Evidence.OnTopic topic, long emails, long webhookCalls, long lost, long duplicated, long reordered) {

	}

	private static Figures count(Set<String> acknowledged) {
		List<ConsumerRecord<String, String>> records = capacity
			.matching((record) -> acknowledged.contains(reportIdOf(record)));
		Evidence.OnTopic topic = Evidence.OnTopic.of(records);
		Map<String, String> eventOfReport = new HashMap<>();
		records
			.forEach((record) -> eventOfReport.putIfAbsent(reportIdOf(record), RecordedTopic.header(record, "ce_id")));
		List<Evidence.Published> published = topic.events().values().stream().toList();
		Evidence.PartyEffects party = Evidence.PartyEffects.in(stack.settings().dataDirectory());
		List<Evidence.Effect> emails = party.emails();
		List<Evidence.Effect> calls = party.calls();
		Evidence.Outcome outcome = Evidence.Outcome.of(published, List.of("email", "webhook"), party.all());
		Set<String> events = topic.events().keySet();
		// an acknowledged report that never reached the topic is lost on both channels
		long neverPublished = acknowledged.size() - eventOfReport.size();
		return new Figures(topic, emails.stream().filter((effect) -> events.contains(effect.eventId())).count(),
				calls.stream().filter((effect) -> events.contains(effect.eventId())).count(),
				outcome.lost() + 2 * neverPublished, outcome.duplicated(), outcome.reordered());
	}

	/** Aggregates of alliance-service's store with events the relay has not finished. */
	private static long pendingEvents(String collection) {
		try (MongoClient mongo = MongoClients.create(stack.store().uri())) {
			return mongo.getDatabase("alliance")
				.getCollection(collection)
				.countDocuments(Filters.and(Filters.exists("pendingEvents"), Filters.ne("pendingEvents", List.of())));
		}
	}

	private static String reportIdOf(ConsumerRecord<String, String> record) {
		try {
			return JsonPath.read(record.value(), "$.reportId");
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static Sent reportQuietly() {
		try {
			return report();
		}
		catch (Exception ex) {
			return new Sent(-1, null);
		}
	}

	/**
	 * A capacity report by the next member, with a figure never reported before, so it
	 * always changes.
	 */
	private static Sent report() throws IOException, InterruptedException {
		HttpResponse<String> answer = http.send(reportRequest(), HttpResponse.BodyHandlers.ofString());
		String id = (answer.statusCode() == 201) ? JsonPath.read(answer.body(), "$.id") : null;
		return new Sent(answer.statusCode(), id);
	}

	/** The next member's report, with a figure never reported before. */
	private static HttpRequest reportRequest() {
		return reportRequest(0);
	}

	/** As {@link #reportRequest()}, to one replica of alliance-service. */
	private static HttpRequest reportRequest(int replica) {
		LocalRunClient.SignedInMember member = members.get(Math.floorMod(nextMember.getAndIncrement(), members.size()));
		String body = LocalRunClient.capacityReport(nextFigure.incrementAndGet());
		return HttpRequest.newBuilder(client.alliance(replica, "/api/v1/members/" + member.id() + "/capacity-reports"))
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", "Bearer " + member.token())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	/** A registration of {@code uscc} under a username of its own: the status. */
	private static int register(String uscc) {
		String username = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		String application = LocalRunClient.application("争抢测试纸业（示例）", uscc, username);
		try {
			return client.send(client.post(client.alliance("/api/v1/registrations"), null, application)).statusCode();
		}
		catch (IOException | InterruptedException ex) {
			return -1;
		}
	}

	/** A record on alliance.members with CloudEvents headers of {@code type}. */
	private static ProducerRecord<String, String> poison(String type, String value) {
		String key = UUID.randomUUID().toString();
		ProducerRecord<String, String> record = new ProducerRecord<>(Topics.MEMBERS, key, value);
		new CloudEventEnvelope(UUID.randomUUID().toString(), type, "/paperlink/reliability", Instant.now(), key)
			.writeTo(record.headers());
		return record;
	}

	/** Registers a member producing KRAFT, approves it and signs it in. */
	private static LocalRunClient.SignedInMember newMember(String secretariat, int index)
			throws IOException, InterruptedException {
		return client.newMember(secretariat, "可靠性测试纸业" + index + "（示例）");
	}

	/** How many capacity reports the test members have on record. */
	private static long historySize() throws IOException, InterruptedException {
		long total = 0;
		for (LocalRunClient.SignedInMember member : members) {
			HttpResponse<String> history = http
				.send(HttpRequest.newBuilder(client.alliance("/api/v1/members/" + member.id() + "/capacity-reports"))
					.header("Authorization", "Bearer " + member.token())
					.build(), HttpResponse.BodyHandlers.ofString());
			total += ((List<?>) JsonPath.read(history.body(), "$")).size();
		}
		return total;
	}

}
