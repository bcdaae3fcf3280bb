package org.paperlink.localstack.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperlink.processes.DocumentStoreBackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A backup of the store in mongodump's layout, and a restore of it: the same documents
 * and indexes in a fresh store; a damaged or partial backup, or a store that holds data,
 * is refused with the reason and nothing changed; and writes wait while the copy is
 * taken.
 */
class BackupRestoreTests {

	@TempDir
	Path directory;

	private MongoServer source;

	private MongoServer target;

	private String sourceUri;

	private String targetUri;

	@BeforeEach
	void twoStores() throws IOException {
		Files.createDirectories(this.directory.resolve("source"));
		Files.createDirectories(this.directory.resolve("target"));
		this.source = new MongoServer(
				DocumentStoreBackend.open(this.directory.resolve("source").resolve("paperlink.mv")));
		this.sourceUri = "mongodb://127.0.0.1:" + this.source.bind().getPort();
		this.target = new MongoServer(
				DocumentStoreBackend.open(this.directory.resolve("target").resolve("paperlink.mv")));
		this.targetUri = "mongodb://127.0.0.1:" + this.target.bind().getPort();
		try (MongoClient client = MongoClients.create(this.sourceUri)) {
			MongoDatabase alliance = client.getDatabase("paperlink");
			alliance.getCollection("members")
				.createIndex(new Document("uscc", 1), new IndexOptions().unique(true).name("uscc_unique"));
			List<Document> members = new ArrayList<>();
			for (int i = 0; i < 38; i++) {
				members.add(new Document("_id", "member-" + i).append("enterpriseName", "大隗镇造纸厂" + i)
					.append("uscc", "91410183MA" + String.format("%08d", i))
					.append("annualCapacityTonnes", 250_000L + i)
					.append("decidedAt", java.util.Date.from(Instant.parse("2026-11-01T08:00:00Z")))
					.append("version", 3));
			}
			alliance.getCollection("members").insertMany(members);
			alliance.getCollection("capacity_history")
				.insertOne(new Document("memberId", "member-1").append("tonnes", 260_000).append("note", "扩产"));
			client.getDatabase("notifications")
				.getCollection("inbox")
				.insertOne(new Document("recipient", "party").append("title", "产能变更").append("read", false));
		}
	}

	@AfterEach
	void stop() {
		if (this.source != null) {
			this.source.shutdown();
		}
		if (this.target != null) {
			this.target.shutdown();
		}
	}

	@Test
	void aBackupRestoredIntoAFreshStoreHoldsTheSameDocumentsAndIndexes() {
		Path backup = this.directory.resolve("backup");
		List<String> progress = new ArrayList<>();
		BackupManifest manifest = Backup.take(this.sourceUri, backup, progress::add);

		assertThat(manifest.collections())
			.extracting((entry) -> entry.database() + "." + entry.collection(), BackupManifest.Entry::documents)
			.contains(org.assertj.core.groups.Tuple.tuple("paperlink.members", 38L),
					org.assertj.core.groups.Tuple.tuple("paperlink.capacity_history", 1L),
					org.assertj.core.groups.Tuple.tuple("notifications.inbox", 1L));
		assertThat(backup.resolve("paperlink").resolve("members.bson")).isRegularFile();
		assertThat(backup.resolve("paperlink").resolve("members.metadata.json")).content(StandardCharsets.UTF_8)
			.contains("uscc_unique")
			.contains("\"unique\": true");
		assertThat(progress).anyMatch((line) -> line.contains("paperlink.members: 38"));

		Instant beforeRestore = Instant.now();
		Restore.load(this.targetUri, backup, false, (line) -> {
		});

		assertThat(withoutRestores(contents(this.targetUri))).isEqualTo(contents(this.sourceUri));
		try (MongoClient client = MongoClients.create(this.targetUri)) {
			for (String database : List.of("paperlink", "notifications")) {
				Document window = client.getDatabase(database).getCollection("restores").find().first();
				assertThat(window).as("the restore's window in " + database).isNotNull();
				assertThat(window.getDate("backupAt").toInstant())
					.isEqualTo(manifest.takenAt().truncatedTo(ChronoUnit.MILLIS));
				assertThat(window.getDate("restoredAt").toInstant())
					.isAfterOrEqualTo(beforeRestore.truncatedTo(ChronoUnit.MILLIS));
			}
			assertThatExceptionOfType(com.mongodb.MongoWriteException.class).as("the unique index came along")
				.isThrownBy(() -> client.getDatabase("paperlink")
					.getCollection("members")
					.insertOne(new Document("_id", "member-x").append("uscc", "91410183MA00000001")));
		}
	}

	@Test
	void aTruncatedBackupIsRefusedAndTheStoreIsUnchanged() throws IOException {
		Path backup = this.directory.resolve("backup");
		Backup.take(this.sourceUri, backup, (line) -> {
		});
		Path members = backup.resolve("paperlink").resolve("members.bson");
		try (FileChannel file = FileChannel.open(members, StandardOpenOption.WRITE)) {
			file.truncate(Files.size(members) - 10);
		}

		assertThatExceptionOfType(BackupRefused.class)
			.isThrownBy(() -> Restore.load(this.targetUri, backup, false, (line) -> {
			}))
			.satisfies((refused) -> assertThat(refused.reasons()).anyMatch((reason) -> reason.contains("SHA-256"))
				.anyMatch((reason) -> reason.contains("truncated")));
		assertThat(contents(this.targetUri)).isEmpty();
	}

	@Test
	void aBackupWithAFileMissingOrNoManifestIsRefused() throws IOException {
		Path backup = this.directory.resolve("backup");
		Backup.take(this.sourceUri, backup, (line) -> {
		});
		Files.delete(backup.resolve("notifications").resolve("inbox.metadata.json"));

		assertThatExceptionOfType(BackupRefused.class)
			.isThrownBy(() -> Restore.load(this.targetUri, backup, false, (line) -> {
			}))
			.withMessageContaining("inbox.metadata.json");
		Files.delete(backup.resolve(BackupManifest.FILE));
		assertThatExceptionOfType(BackupRefused.class)
			.isThrownBy(() -> Restore.load(this.targetUri, backup, false, (line) -> {
			}))
			.withMessageContaining("not a finished backup");
		assertThat(contents(this.targetUri)).isEmpty();
	}

	@Test
	void aStoreThatHoldsDataIsOverwrittenOnlyWhenToldTo() {
		Path backup = this.directory.resolve("backup");
		Backup.take(this.sourceUri, backup, (line) -> {
		});
		try (MongoClient client = MongoClients.create(this.targetUri)) {
			client.getDatabase("paperlink").getCollection("members").insertOne(new Document("_id", "someone-else"));
		}
		Map<String, List<String>> before = contents(this.targetUri);

		assertThatExceptionOfType(BackupRefused.class)
			.isThrownBy(() -> Restore.load(this.targetUri, backup, false, (line) -> {
			}))
			.withMessageContaining("paperlink.members")
			.withMessageContaining("paperlink.restore.replace=true");
		assertThat(contents(this.targetUri)).isEqualTo(before);

		Restore.load(this.targetUri, backup, true, (line) -> {
		});
		assertThat(withoutRestores(contents(this.targetUri))).isEqualTo(contents(this.sourceUri));
	}

	@Test
	void writesWaitWhileTheCopyIsTakenAndGoOnAfter() {
		try (MongoClient backup = MongoClients.create(this.sourceUri + "/?maxPoolSize=1");
				MongoClient service = MongoClients.create(this.sourceUri)) {
			backup.getDatabase("admin").runCommand(new Document("fsync", 1).append("lock", true));
			CompletableFuture<Void> report = CompletableFuture.runAsync(() -> service.getDatabase("paperlink")
				.getCollection("capacity_history")
				.insertOne(new Document("memberId", "member-2").append("tonnes", 270_000)));
			assertThat(backup.getDatabase("paperlink").getCollection("members").countDocuments())
				.as("reads go on during the copy")
				.isEqualTo(38);
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !report.isDone());

			backup.getDatabase("admin").runCommand(new Document("fsyncUnlock", 1));
			await().atMost(Duration.ofSeconds(10)).until(report::isDone);
			assertThat(service.getDatabase("paperlink").getCollection("capacity_history").countDocuments())
				.isEqualTo(2);
		}
	}

	@Test
	void theBsonFilesParseDocumentForDocumentWithAnIndependentBsonImplementation() throws Exception {
		Path backup = this.directory.resolve("backup");
		Backup.take(this.sourceUri, backup, (line) -> {
		});
		Path tool = Path.of("src", "test", "bson-check").toAbsolutePath();
		if (!Files.isDirectory(tool.resolve("node_modules").resolve("bson"))) {
			run(tool, "npm", "ci", "--no-audit", "--no-fund");
		}
		String parsedByNode = run(tool, "node", "check.js",
				backup.resolve("paperlink").resolve("members.bson").toString());

		List<Document> parsed = Document.parse("{\"documents\": " + parsedByNode + "}")
			.getList("documents", Document.class);
		try (MongoClient client = MongoClients.create(this.sourceUri)) {
			List<Document> stored = client.getDatabase("paperlink")
				.getCollection("members")
				.find()
				.into(new ArrayList<>());
			assertThat(parsed).hasSize(38).containsExactlyInAnyOrderElementsOf(stored);
		}
	}

	/**
	 * Runs a command of Debian's nodejs and npm (the test prerequisites install them).
	 */
	private static String run(Path directory, String... command) throws Exception {
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
			try {
				return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		});
		assertThat(process.waitFor(3, java.util.concurrent.TimeUnit.MINUTES))
			.as(String.join(" ", command) + " finished")
			.isTrue();
		assertThat(process.exitValue()).as(String.join(" ", command) + " exit code").isZero();
		return output.get();
	}

	/** Every collection's documents as JSON, in _id order, by "db.collection". */
	/** What the backup held: the restore adds its window to each database. */
	private static Map<String, List<String>> withoutRestores(Map<String, List<String>> contents) {
		return contents.entrySet()
			.stream()
			.filter((entry) -> !entry.getKey().endsWith(".restores"))
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	private static Map<String, List<String>> contents(String uri) {
		try (MongoClient client = MongoClients.create(uri)) {
			return client.listDatabaseNames()
				.into(new ArrayList<>())
				.stream()
				.filter((name) -> !List.of("admin", "local", "config").contains(name))
				.flatMap((name) -> client.getDatabase(name)
					.listCollectionNames()
					.into(new ArrayList<>())
					.stream()
					.map((collection) -> Map.entry(name + "." + collection,
							client.getDatabase(name)
								.getCollection(collection)
								.find()
								.sort(Sorts.ascending("_id"))
								.map(Document::toJson)
								.into(new ArrayList<>()))))
				.filter((entry) -> !entry.getValue().isEmpty())
				.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
		}
	}

}
