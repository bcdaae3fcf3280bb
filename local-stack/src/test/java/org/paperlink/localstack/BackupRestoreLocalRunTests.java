package org.paperlink.localstack;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.paperlink.events.Topics;
import org.paperlink.localstack.backup.Backup;
import org.paperlink.localstack.backup.Restore;
import org.paperlink.testsupport.RecordedTopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backup of a local run taken under a report a second, restored into a fresh store,
 * with both services started on it: the alliance is as it was when the backup was taken,
 * and nothing the run had sent before goes out again, neither an event on Kafka nor an
 * email or a robot call.
 */
@Order(6)
class BackupRestoreLocalRunTests {

	private static final AtomicInteger nextFigure = new AtomicInteger(700_000);

	private static LocalStack stack;

	private static LocalRunClient client;

	/** The capacity topic from its first record: survives the restore, as Kafka does. */
	private static RecordedTopic capacity;

	/** The notices topic, likewise. */
	private static RecordedTopic notices;

	@BeforeAll
	static void start() {
		stack = new LocalStack(LocalRunClient.isolatedSettings("backup-restore"), SharedLocalRun.PROPERTIES);
		stack.start(System.out::println);
		client = new LocalRunClient(stack.settings());
		capacity = new RecordedTopic(stack.kafka().bootstrapServers(), Topics.CAPACITY);
		notices = new RecordedTopic(stack.kafka().bootstrapServers(), Topics.NOTICES);
	}

	@AfterAll
	static void stop() {
		if (capacity != null) {
			capacity.close();
		}
		if (notices != null) {
			notices.close();
		}
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	void aRestoredRunHoldsWhatTheBackupHeldAndSendsNothingTwice() throws Exception {
		Path data = stack.settings().dataDirectory();
		String secretariat = client.token("secretariat", "paperlink");
		String hengfeng = client.token("hengfeng", "paperlink");
		String dongsen = client.token("dongsen", "paperlink");
		List<LocalRunClient.SignedInMember> reporters = List.of(client.newMember(secretariat, "备份测试纸业一（示例）"),
				client.newMember(secretariat, "备份测试纸业二（示例）"));
		String notice = JsonPath.read(client.send(client.post(client.alliance("/api/v1/notices"), secretariat, """
				{"title": "关于备份演练的通知", "body": "请知悉。", "audience": {"scope": "ALL"},
				 "priority": "NORMAL", "requiresAck": true}""")).body(), "$.id");
		read(hengfeng, notice);

		String scheduled;
		List<String> accepted = new CopyOnWriteArrayList<>();
		ScheduledExecutorService reporting = Executors.newSingleThreadScheduledExecutor();
		AtomicInteger turn = new AtomicInteger();
		reporting.scheduleAtFixedRate(() -> report(reporters.get(turn.getAndIncrement() % 2), accepted), 0, 1,
				TimeUnit.SECONDS);
		Path backup = data.resolve("backup-under-load");
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= 3);
			// so that the backup holds work under way: deliveries waiting for the mail
			// server and the robot, and events waiting for Kafka
			stack.mail().stop();
			int mailDown = accepted.size();
			await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= mailDown + 2);
			stack.kafka().stop();
			int kafkaDown = accepted.size();
			await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= kafkaDown + 2);
			// due after the backup's point and published, emailed and called before the
			// restore: after it, published again as of its time, and not sent again
			scheduled = schedule(secretariat, Instant.now().plusSeconds(20));
			Backup.take(stack.store().uri(), backup, System.out::println);
			stack.kafka().start();
			stack.mail().start();
			// after the backup's point: gone again after the restore
			read(dongsen, notice);
			int afterBackup = accepted.size();
			await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= afterBackup + 4);
		}
		finally {
			reporting.shutdownNow();
			reporting.awaitTermination(70, TimeUnit.SECONDS);
		}
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofSeconds(1))
			.alias("every accepted report emailed and called to the Party committee before the restore")
			.until(() -> {
				Set<String> events = eventsOf(accepted);
				Map<String, Long> effects = effectsByEvent(data);
				return events.size() == accepted.size()
						&& events.stream().allMatch((event) -> effects.getOrDefault(event, 0L) == 2);
			});

		await().atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofSeconds(1))
			.alias("the scheduled notice published, and its emails and robot calls out, before the restore")
			.until(() -> {
				Map<String, Long> deliveries = Snapshot.deliveries(stack.store().uri(), noticeEvents(scheduled));
				return deliveries.getOrDefault("SENT", 0L) > 0 && !deliveries.containsKey("PENDING")
						&& noticeEffects(data, scheduled) == deliveries.get("SENT");
			});

		// what went out before the store was lost, counted from Kafka and the sinks
		Map<String, Long> recordsBefore = recordsByEvent();
		Map<String, Long> effectsBefore = effectsByEvent(data);
		long noticeEffectsBefore = noticeEffects(data, scheduled);
		assertThat(noticeEffectsBefore).as("the urgent scheduled notice's emails and robot calls to its audience")
			.isPositive();

		// the store is lost: a fresh one gets the backup, then the services start on it
		stack.notificationService().stop(Duration.ofSeconds(30));
		stack.allianceService().stop(Duration.ofSeconds(30));
		stack.store().stop();
		try (Stream<Path> files = Files.list(data.resolve("store"))) {
			for (Path file : files.filter((file) -> file.getFileName().toString().startsWith("paperlink.mv"))
				.toList()) {
				Files.delete(file);
			}
		}
		stack.store().start();
		Restore.load(stack.store().uri(), backup, false, System.out::println);
		Snapshot atBackup = Snapshot.of(stack.store().uri());
		assertThat(atBackup.pendingCapacityReports()).as("capacity events waiting for Kafka at the backup")
			.isPositive();
		assertThat(atBackup.notSentAgain()).as("deliveries waiting for the mail server at the backup, not sent again")
			.isPositive();
		assertThat(atBackup.noticeStatus(scheduled)).as("the scheduled notice, at the backup").isEqualTo("SCHEDULED");
		stack.restart(stack.allianceService());
		stack.restart(stack.notificationService());

		await().atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofSeconds(1))
			.alias("the events pending at the backup handled after the restore")
			.until(() -> Snapshot.of(stack.store().uri()).pendingEvents().isEmpty());
		await().atMost(Duration.ofMinutes(1))
			.alias("the scheduled notice published again by the restored run")
			.until(() -> noticeEvents(scheduled).size() == 2);
		Snapshot restored = Snapshot.of(stack.store().uri());
		assertThat(restored.memberVersions()).as("members, each at its version of the backup")
			.isEqualTo(atBackup.memberVersions());
		assertThat(restored.capacityHistory()).as("capacity history: the backup's, and what its pending reports add")
			.containsAll(atBackup.capacityHistory())
			.hasSize(atBackup.capacityHistory().size() + (int) atBackup.pendingCapacityReports());
		assertThat(restored.inboxExcept(noticeEvents(scheduled)))
			.as("inbox entries, but the scheduled notice's, published after the backup")
			.isEqualTo(atBackup.inboxExcept(Set.of()));
		String receipts = client.send(client.get(client.notification("/api/v1/notices/" + notice + "/receipts"),
				client.token("secretariat", "paperlink")))
			.body();
		assertThat((Integer) JsonPath.read(receipts, "$.read"))
			.as("the notice's receipts at the backup: " + "hengfeng read it before, dongsen after")
			.isEqualTo(1);

		String published = client.send(client.get(client.alliance("/api/v1/notices/" + scheduled), secretariat)).body();
		assertThat((String) JsonPath.read(published, "$.publishedAt")).as("published as of its time")
			.isEqualTo(JsonPath.read(published, "$.publishAt"));
		assertThat(client.inboxEntryAbout(client.token("hengfeng", "paperlink"), scheduled))
			.as("the scheduled notice in a member's inbox again")
			.isNotBlank();

		// a repeat would follow within seconds of the start: the delivery sweep runs
		// every 10 s
		await().during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(noticeEffects(data, scheduled))
				.as("the scheduled notice's emails and robot calls, of both its events")
				.isEqualTo(noticeEffectsBefore);
			assertThat(recordsByEvent())
				.as("capacity records on Kafka by event (%d were pending at the backup)",
						atBackup.pendingCapacityReports())
				.isEqualTo(recordsBefore);
			assertThat(effectsByEvent(data)).as("the Party committee's emails and robot calls by event")
				.isEqualTo(effectsBefore);
		});
		assertThat(effectsBefore.values()).as("before the restore: one email and one robot call per report")
			.allMatch((count) -> count == 2);
	}

	/** An urgent notice to every member, to be published at {@code publishAt}. */
	private static String schedule(String secretariat, Instant publishAt) throws IOException, InterruptedException {
		HttpResponse<String> created = client.send(client.post(client.alliance("/api/v1/notices"), secretariat, """
				{"title": "定时紧急通知：备份演练", "body": "请知悉。", "audience": {"scope": "ALL"},
				 "priority": "URGENT", "requiresAck": false, "publishAt": "%s"}""".formatted(publishAt)));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return JsonPath.read(created.body(), "$.id");
	}

	/** The ids of the events on Kafka that published this notice. */
	private static Set<String> noticeEvents(String noticeId) {
		return notices.matching(RecordedTopic.withKey(noticeId))
			.stream()
			.map((record) -> RecordedTopic.header(record, "ce_id"))
			.collect(Collectors.toSet());
	}

	/**
	 * The emails and robot calls, to anybody, of the events that published the notice,
	 * counted from the sinks.
	 */
	private static long noticeEffects(Path data, String noticeId) {
		Set<String> events = noticeEvents(noticeId);
		List<Evidence.Effect> all = new ArrayList<>(Evidence.emails(data.resolve("mail"), "@"));
		all.addAll(Evidence.webhookCalls(data.resolve("webhooks"), ""));
		return all.stream().filter((effect) -> events.contains(effect.eventId())).count();
	}

	/** The capacity topic's records, counted by event. */
	private static Map<String, Long> recordsByEvent() {
		return capacity.matching((record) -> true)
			.stream()
			.collect(Collectors.groupingBy((record) -> RecordedTopic.header(record, "ce_id"), Collectors.counting()));
	}

	/** The events of these reports, as Kafka has them. */
	private static Set<String> eventsOf(List<String> reports) {
		Set<String> wanted = Set.copyOf(reports);
		return capacity.matching((record) -> wanted.contains(reportIdOf(record)))
			.stream()
			.map((record) -> RecordedTopic.header(record, "ce_id"))
			.collect(Collectors.toSet());
	}

	private static String reportIdOf(ConsumerRecord<String, String> record) {
		try {
			return JsonPath.read(record.value(), "$.reportId");
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/** Emails and robot calls to the Party committee, counted from the sinks by event. */
	private static Map<String, Long> effectsByEvent(Path data) {
		return Evidence.PartyEffects.in(data)
			.all()
			.stream()
			.collect(Collectors.groupingBy(Evidence.Effect::eventId, Collectors.counting()));
	}

	private static void read(String token, String notice) throws IOException, InterruptedException {
		String entry = client.inboxEntryAbout(token, notice);
		assertThat(client.send(client.post(client.notification("/api/v1/inbox/" + entry + "/read"), token, ""))
			.statusCode()).isEqualTo(200);
	}

	private static void report(LocalRunClient.SignedInMember member, List<String> accepted) {
		String body = LocalRunClient.capacityReport(nextFigure.incrementAndGet());
		try {
			HttpResponse<String> answer = client.send(client
				.post(client.alliance("/api/v1/members/" + member.id() + "/capacity-reports"), member.token(), body));
			if (answer.statusCode() == 201) {
				accepted.add(JsonPath.read(answer.body(), "$.id"));
			}
		}
		catch (IOException ex) {
			// not accepted: not counted
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** What the store holds that a user sees. */
	private record Snapshot(Map<String, Long> memberVersions, Set<String> capacityHistory,
			Map<String, String> inboxEvents, List<Document> pendingEvents, long notSentAgain,
			Map<String, String> noticeStatuses) {

		static Snapshot of(String uri) {
			try (MongoClient mongo = MongoClients.create(uri)) {
				Map<String, Long> versions = new HashMap<>();
				List<Document> pending = new ArrayList<>();
				for (Document member : mongo.getDatabase("alliance").getCollection("members").find()) {
					versions.put(member.get("_id").toString(), ((Number) member.get("version")).longValue());
					pending.addAll(member.getList("pendingEvents", Document.class, List.of()));
				}
				return new Snapshot(versions,
						ids(mongo.getDatabase("alliance").getCollection("capacity_reports").find()),
						byId(mongo.getDatabase("notification").getCollection("inbox").find(), "eventId"), pending,
						mongo.getDatabase("notification")
							.getCollection("deliveries")
							.countDocuments(com.mongodb.client.model.Filters.and(
									com.mongodb.client.model.Filters.eq("status", "SKIPPED"),
									com.mongodb.client.model.Filters.regex("lastError", "^备份恢复"))),
						byId(mongo.getDatabase("alliance").getCollection("notices").find(), "status"));
			}
		}

		private static Map<String, String> byId(Iterable<Document> documents, String field) {
			Map<String, String> values = new HashMap<>();
			documents.forEach((document) -> values.put(document.get("_id").toString(), document.getString(field)));
			return values;
		}

		/** The inbox entries' ids, but those of these events. */
		Set<String> inboxExcept(Set<String> events) {
			return this.inboxEvents.entrySet()
				.stream()
				.filter((entry) -> !events.contains(entry.getValue()))
				.map(Map.Entry::getKey)
				.collect(Collectors.toSet());
		}

		String noticeStatus(String id) {
			return this.noticeStatuses.get(id);
		}

		private static Set<String> ids(Iterable<Document> documents) {
			Set<String> ids = new HashSet<>();
			documents.forEach((document) -> ids.add(document.get("_id").toString()));
			return ids;
		}

		/** The deliveries of these events, counted by status. */
		static Map<String, Long> deliveries(String uri, Set<String> events) {
			try (MongoClient mongo = MongoClients.create(uri)) {
				Map<String, Long> byStatus = new HashMap<>();
				mongo.getDatabase("notification")
					.getCollection("deliveries")
					.find(com.mongodb.client.model.Filters.in("eventId", events))
					.forEach((delivery) -> byStatus.merge(delivery.getString("status"), 1L, Long::sum));
				return byStatus;
			}
		}

		long pendingCapacityReports() {
			return this.pendingEvents.stream()
				.filter((event) -> Topics.CAPACITY.equals(event.getString("topic")))
				.count();
		}

	}

}
