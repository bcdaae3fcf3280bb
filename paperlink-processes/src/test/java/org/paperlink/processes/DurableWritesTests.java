package org.paperlink.processes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acknowledged means durable: the store's process is killed (SIGKILL, no chance to save
 * anything) while writers are busy, started again on its file, and every write it had
 * answered is there. The same crash of a store that answers before the disk (H2's
 * auto-commit, as the store did before) loses writes, so the test can tell the two apart.
 */
class DurableWritesTests {

	private static final int WRITERS = 8;

	@Test
	void everyAnsweredWriteSurvivesAKillOfTheStore(@TempDir Path directory) throws Exception {
		assertThat(lostAfterAKill(directory, "synced")).as("answered writes missing after the kill").isEmpty();
	}

	@Test
	void aStoreThatAnswersBeforeTheDiskLosesAnsweredWritesInTheSameCrash(@TempDir Path directory) throws Exception {
		assertThat(lostAfterAKill(directory, "delayed")).as("answered writes missing after the kill").isNotEmpty();
	}

	@Test
	void writesAnsweredRightAfterAStartSurviveAKill(@TempDir Path directory) {
		try (DocumentStoreProcess store = new DocumentStoreProcess(directory, ManagedProcess.Ports.anyFree(), "256m",
				"synced")) {
			store.start();
			try (MongoClient client = MongoClients.create(store.uri())) {
				client.getDatabase("paperlink").getCollection("reports").insertOne(new Document("_id", "before"));
			}
			// a second start, then writes and a kill before its first checkpoint: the
			// journal file they went to must be the one kept
			store.kill();
			store.start();
			try (MongoClient client = MongoClients.create(store.uri())) {
				MongoCollection<Document> reports = client.getDatabase("paperlink").getCollection("reports");
				for (int i = 0; i < 20; i++) {
					reports.insertOne(new Document("_id", "after-" + i));
				}
			}
			store.kill();
			store.start();
			try (MongoClient client = MongoClients.create(store.uri())) {
				assertThat(client.getDatabase("paperlink").getCollection("reports").countDocuments())
					.as("answered writes after the kill")
					.isEqualTo(21);
			}
		}
	}

	@Test
	void collectionsDroppedAndIndexesCreatedStaySoAfterAKill(@TempDir Path directory) {
		try (DocumentStoreProcess store = new DocumentStoreProcess(directory, ManagedProcess.Ports.anyFree(), "256m",
				"synced")) {
			store.start();
			try (MongoClient client = MongoClients.create(store.uri())) {
				com.mongodb.client.MongoDatabase database = client.getDatabase("paperlink");
				database.getCollection("reports").insertOne(new Document("_id", "report-1").append("member", "恒丰"));
				database.getCollection("reports")
					.createIndex(new Document("member", 1), new com.mongodb.client.model.IndexOptions().unique(true));
				database.getCollection("old").insertOne(new Document("_id", "old-1"));
				database.getCollection("old").drop();
				database.getCollection("reports").insertOne(new Document("_id", "report-2").append("member", "银河"));
			}
			store.kill();
			store.start();
			try (MongoClient client = MongoClients.create(store.uri())) {
				com.mongodb.client.MongoDatabase database = client.getDatabase("paperlink");
				assertThat(database.listCollectionNames().into(new ArrayList<>())).containsExactlyInAnyOrder("reports");
				assertThat(database.getCollection("reports")
					.find()
					.map((document) -> document.getString("_id"))
					.into(new ArrayList<>())).containsExactlyInAnyOrder("report-1", "report-2");
				org.assertj.core.api.Assertions.assertThatExceptionOfType(com.mongodb.MongoWriteException.class)
					.as("the unique index on member")
					.isThrownBy(() -> database.getCollection("reports")
						.insertOne(new Document("_id", "report-3").append("member", "恒丰")));
			}
		}
	}

	/** The ids answered before the kill that are missing once the store is back. */
	private static Set<String> lostAfterAKill(Path directory, String mode) throws Exception {
		int port = ManagedProcess.Ports.anyFree();
		Set<String> answered = ConcurrentHashMap.newKeySet();
		try (DocumentStoreProcess store = new DocumentStoreProcess(directory, port, "256m", mode)) {
			store.start();
			AtomicBoolean writing = new AtomicBoolean(true);
			ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
			List<Future<?>> done = new ArrayList<>();
			try (MongoClient client = MongoClients.create(store.uri() + "/?serverSelectionTimeoutMS=2000")) {
				MongoCollection<Document> reports = client.getDatabase("paperlink").getCollection("reports");
				for (int w = 0; w < WRITERS; w++) {
					int writer = w;
					done.add(writers.submit(() -> {
						for (int i = 0; writing.get(); i++) {
							String id = "report-" + writer + "-" + i;
							try {
								reports.insertOne(new Document("_id", id).append("tonnes", 250_000 + i));
							}
							catch (RuntimeException ex) {
								// the store is gone: this one was never answered
								return;
							}
							answered.add(id);
						}
					}));
				}
				// writes under way for a while, then the crash in the middle of them
				org.awaitility.Awaitility.await()
					.atMost(java.time.Duration.ofSeconds(60))
					.until(() -> answered.size() >= 1500);
				store.kill();
				writing.set(false);
				for (Future<?> future : done) {
					future.get(30, TimeUnit.SECONDS);
				}
			}
			finally {
				writers.shutdownNow();
			}
			store.start();
			try (MongoClient client = MongoClients.create(store.uri())) {
				MongoCollection<Document> reports = client.getDatabase("paperlink").getCollection("reports");
				Set<String> stored = ConcurrentHashMap.newKeySet();
				reports.find(Filters.exists("_id")).forEach((document) -> stored.add(document.getString("_id")));
				Set<String> lost = ConcurrentHashMap.newKeySet();
				answered.stream().filter((id) -> !stored.contains(id)).forEach(lost::add);
				return lost;
			}
		}
	}

}
