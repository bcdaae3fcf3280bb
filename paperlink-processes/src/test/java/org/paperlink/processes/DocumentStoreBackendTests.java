package org.paperlink.processes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store's own extension: a guarded update (it names {@code _id} and a version) is
 * answered from the {@code _id} index, with the same results as a scan; documents and
 * index keys come back from the file as they were written; a file of the earlier release
 * is converted.
 */
class DocumentStoreBackendTests {

	private static final int MEMBERS = 2_000;

	private DocumentStoreBackend backend;

	private MongoServer server;

	private MongoClient client;

	private MongoCollection<Document> members;

	@BeforeEach
	void start() {
		this.backend = DocumentStoreBackend.inMemory();
		this.server = new MongoServer(this.backend);
		this.client = MongoClients.create("mongodb://127.0.0.1:" + this.server.bind().getPort());
		this.members = this.client.getDatabase("paperlink").getCollection("members");
		List<Document> documents = new ArrayList<>();
		for (int i = 0; i < MEMBERS; i++) {
			documents.add(new Document("_id", "member-" + i).append("version", 3L).append("status", "ACTIVE"));
		}
		this.members.insertMany(documents);
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void aGuardedUpdateReadsOneDocumentNotTheCollection() {
		long before = this.backend.documentsRead();
		Document updated = this.members.findOneAndUpdate(
				Filters.and(Filters.eq("_id", "member-1234"), Filters.eq("version", 3L)), Updates.inc("version", 1L),
				new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
		assertThat(updated).isNotNull();
		assertThat(updated.getLong("version")).isEqualTo(4L);
		assertThat(this.backend.documentsRead() - before).as("documents read for one guarded update")
			.isLessThanOrEqualTo(2);
	}

	/**
	 * A bulk outcome names its documents by id and guards them by a claim: answered from
	 * the index, and only the documents whose guard holds change.
	 */
	@Test
	void aGuardedBulkUpdateOfDocumentsNamedByIdReadsThoseDocumentsOnly() {
		this.members.updateOne(Filters.eq("_id", "member-12"), Updates.set("version", 9L));
		long before = this.backend.documentsRead();
		long modified = this.members
			.updateMany(Filters.and(Filters.in("_id", "member-11", "member-12", "member-13", "nobody"),
					Filters.eq("version", 3L)), Updates.set("status", "SUSPENDED"))
			.getModifiedCount();
		assertThat(modified).isEqualTo(2);
		assertThat(this.backend.documentsRead() - before).as("documents read for a guarded update of three")
			.isLessThanOrEqualTo(6);
		assertThat(this.members.find(Filters.eq("_id", "member-12")).first()).containsEntry("status", "ACTIVE");
		assertThat(this.members.countDocuments(Filters.eq("status", "SUSPENDED"))).isEqualTo(2);
	}

	@Test
	void aStaleGuardMatchesNothingAndChangesNothing() {
		Document stale = this.members.findOneAndUpdate(
				Filters.and(Filters.eq("_id", "member-7"), Filters.eq("version", 2L)), Updates.set("status", "GONE"));
		assertThat(stale).isNull();
		assertThat(this.members.find(Filters.eq("_id", "member-7")).first()).containsEntry("status", "ACTIVE");
		assertThat(this.members
			.updateOne(Filters.and(Filters.eq("_id", "member-7"), Filters.eq("status", "PENDING")),
					Updates.set("status", "REJECTED"))
			.getModifiedCount()).isZero();
	}

	@Test
	void queriesTheIndexCannotAnswerAloneStillFindEverything() {
		assertThat(this.members.countDocuments(
				Filters.and(Filters.in("_id", "member-1", "member-2", "nobody"), Filters.eq("status", "ACTIVE"))))
			.isEqualTo(2);
		assertThat(this.members.countDocuments(Filters.and(Filters.eq("_id", "nobody"), Filters.eq("version", 3L))))
			.isZero();
		assertThat(this.members.countDocuments(Filters.eq("status", "ACTIVE"))).isEqualTo(MEMBERS);
		Document nested = new Document("_id", new Document("member", "m-1").append("day", "2026-12-01")).append("count",
				1);
		this.members.insertOne(nested);
		assertThat(this.members.find(Filters.and(Filters.eq("_id", nested.get("_id")), Filters.eq("count", 1))).first())
			.isNotNull();
		ObjectId objectId = new ObjectId();
		this.members.insertOne(new Document("_id", objectId).append("version", 1L));
		assertThat(this.members.find(Filters.and(Filters.eq("_id", objectId), Filters.eq("version", 1L))).first())
			.isNotNull();
	}

	@Test
	void aStoreFileOfTheEarlierReleaseIsConvertedAtStartWithItsIndexes(@TempDir Path directory) throws Exception {
		// the earlier release kept H2's defaults (Java serialisation), as the library
		// does
		String file = directory.resolve("paperlink.mv").toString();
		MongoServer before = new MongoServer(new H2Backend(file));
		try (MongoClient writer = MongoClients.create("mongodb://127.0.0.1:" + before.bind().getPort())) {
			MongoCollection<Document> members = writer.getDatabase("paperlink").getCollection("members");
			members.createIndex(new Document("uscc", 1), new com.mongodb.client.model.IndexOptions().unique(true));
			members.insertOne(new Document("_id", "hengfeng").append("version", 5L).append("uscc", "91410183A"));
		}
		before.shutdown();
		MongoServer after = new MongoServer(DocumentStoreBackend.open(Path.of(file)));
		try (MongoClient reader = MongoClients.create("mongodb://127.0.0.1:" + after.bind().getPort())) {
			MongoCollection<Document> members = reader.getDatabase("paperlink").getCollection("members");
			assertThat(members.find(Filters.and(Filters.eq("_id", "hengfeng"), Filters.eq("version", 5L))).first())
				.isNotNull();
			assertThat(members.find(Filters.eq("uscc", "91410183A")).first()).containsEntry("_id", "hengfeng");
			// the unique index came along: a second member with that USCC is refused
			assertThatThrownBy(() -> members
				.insertOne(new Document("_id", "dongsen").append("version", 1L).append("uscc", "91410183A")))
				.isInstanceOf(com.mongodb.MongoWriteException.class);
			members.updateOne(Filters.eq("_id", "hengfeng"), Updates.set("version", 6L));
			members.insertOne(new Document("_id", "dongsen").append("version", 1L).append("uscc", "91410183B"));
		}
		finally {
			after.shutdown();
		}
		assertThat(StoreFileUpgrade.original(Path.of(file))).as("the earlier file, kept as the way back").exists();
		MongoServer again = new MongoServer(DocumentStoreBackend.open(Path.of(file)));
		try (MongoClient reader = MongoClients.create("mongodb://127.0.0.1:" + again.bind().getPort())) {
			MongoCollection<Document> members = reader.getDatabase("paperlink").getCollection("members");
			assertThat(members.find(Filters.eq("_id", "hengfeng")).first()).containsEntry("version", 6L);
			assertThat(members.find(Filters.eq("uscc", "91410183B")).first()).containsEntry("_id", "dongsen");
		}
		finally {
			again.shutdown();
		}
	}

	@Test
	void aConversionStoppedBetweenItsTwoRenamesIsFinishedAtTheNextStart(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("paperlink.mv");
		MongoServer before = new MongoServer(new H2Backend(file.toString()));
		try (MongoClient writer = MongoClients.create("mongodb://127.0.0.1:" + before.bind().getPort())) {
			writer.getDatabase("paperlink").getCollection("members").insertOne(new Document("_id", "hengfeng"));
		}
		before.shutdown();
		StoreFileUpgrade.upgradeIfNeeded(file);
		// as if the process died after the first rename
		java.nio.file.Files.move(file, StoreFileUpgrade.converting(file));
		MongoServer after = new MongoServer(DocumentStoreBackend.open(file));
		try (MongoClient reader = MongoClients.create("mongodb://127.0.0.1:" + after.bind().getPort())) {
			assertThat(reader.getDatabase("paperlink").getCollection("members").countDocuments()).isEqualTo(1);
		}
		finally {
			after.shutdown();
		}
	}

	@Test
	void numbersOfEveryTypeFindTheSameIndexedValue() {
		MongoCollection<Document> reports = this.client.getDatabase("paperlink").getCollection("reports");
		reports.createIndex(new Document("tonnes", 1), new com.mongodb.client.model.IndexOptions().unique(true));
		reports.insertOne(new Document("_id", 1).append("tonnes", 250_000));
		assertThat(reports.find(Filters.eq("tonnes", 250_000L)).first()).containsEntry("_id", 1);
		assertThat(reports.find(Filters.eq("tonnes", 250_000.0)).first()).containsEntry("_id", 1);
		assertThat(reports.find(Filters.eq("_id", 1L)).first()).isNotNull();
		assertThatThrownBy(() -> reports.insertOne(new Document("_id", 2).append("tonnes", 250_000.0)))
			.isInstanceOf(com.mongodb.MongoWriteException.class);
	}

	@Test
	void writesAnsweredAtTheSameTimeShareACommit(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("paperlink.mv");
		DocumentStoreBackend durable = DocumentStoreBackend.open(file);
		MongoServer server = new MongoServer(durable);
		int writers = 16;
		int each = 40;
		server.bind(new java.net.InetSocketAddress("127.0.0.1", 0), 1, writers);
		try (MongoClient writer = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
			MongoCollection<Document> reports = writer.getDatabase("paperlink").getCollection("reports");
			java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
			List<java.util.concurrent.Future<?>> done = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				int first = w * each;
				done.add(pool.submit(() -> {
					for (int i = first; i < first + each; i++) {
						reports.insertOne(new Document("_id", "report-" + i));
					}
				}));
			}
			for (java.util.concurrent.Future<?> future : done) {
				future.get();
			}
			pool.shutdown();
		}
		finally {
			server.shutdown();
		}
		assertThat(durable.commits()).as("commits for %d writes", writers * each)
			.isPositive()
			.isLessThan(writers * each);
		MongoServer reopened = new MongoServer(DocumentStoreBackend.open(file));
		try (MongoClient reader = MongoClients.create("mongodb://127.0.0.1:" + reopened.bind().getPort())) {
			assertThat(reader.getDatabase("paperlink").getCollection("reports").countDocuments())
				.isEqualTo(writers * each);
		}
		finally {
			reopened.shutdown();
		}
	}

	@Test
	void idsAndIndexKeysOfEveryKindAreFoundAgainAfterARestart(@TempDir Path directory) {
		Path file = directory.resolve("paperlink.mv");
		List<Object> ids = List.of("hengfeng", 7, 250_000_000_000L, new ObjectId(),
				new java.util.Date(1_764_547_200_000L), new Document("member", "m-1").append("day", "2026-12-01"),
				Double.NaN, Double.POSITIVE_INFINITY, (1L << 40), true);
		MongoServer first = new MongoServer(DocumentStoreBackend.open(file));
		try (MongoClient writer = MongoClients.create("mongodb://127.0.0.1:" + first.bind().getPort())) {
			MongoCollection<Document> keys = writer.getDatabase("alliance").getCollection("keys");
			keys.createIndex(new Document("tags", 1), new com.mongodb.client.model.IndexOptions().unique(true));
			for (int i = 0; i < ids.size(); i++) {
				keys.insertOne(new Document("_id", ids.get(i)).append("tags", List.of("tag-" + i)).append("n", i));
			}
			// a database named like the format mark's prefix, dropped
			writer.getDatabase("paperlink").getCollection("scratch").insertOne(new Document("_id", 1));
			writer.getDatabase("paperlink").drop();
		}
		finally {
			first.shutdown();
		}
		MongoServer second = new MongoServer(DocumentStoreBackend.open(file));
		try (MongoClient reader = MongoClients.create("mongodb://127.0.0.1:" + second.bind().getPort())) {
			MongoCollection<Document> keys = reader.getDatabase("alliance").getCollection("keys");
			for (int i = 0; i < ids.size(); i++) {
				assertThat(keys.find(Filters.eq("_id", ids.get(i))).first()).as("document with _id %s", ids.get(i))
					.isNotNull();
				assertThat(keys.find(Filters.eq("tags", "tag-" + i)).first()).containsEntry("n", i);
			}
			assertThat(keys.countDocuments()).isEqualTo(ids.size());
			// 7L is the id 7 to the server, as to MongoDB
			assertThatThrownBy(() -> keys.insertOne(new Document("_id", 7L).append("tags", List.of("other"))))
				.isInstanceOf(com.mongodb.MongoWriteException.class);
			assertThatThrownBy(() -> keys.insertOne(new Document("_id", "dongsen").append("tags", List.of("tag-3"))))
				.isInstanceOf(com.mongodb.MongoWriteException.class);
		}
		finally {
			second.shutdown();
		}
		assertThat(StoreFileUpgrade.original(file)).as("no conversion of a file already in the format").doesNotExist();
	}

	@Test
	void documentsOfEveryKindComeBackAsTheyWereWrittenAfterARestart(@TempDir Path directory) {
		String file = directory.resolve("paperlink.mv").toString();
		ObjectId objectId = new ObjectId();
		java.util.UUID uuid = java.util.UUID.randomUUID();
		java.util.Date when = new java.util.Date(1_764_547_200_000L);
		Document written = new Document("_id", objectId).append("name", "恒丰纸业 R&D")
			.append("count", 3)
			.append("tonnes", 250_000_000_000L)
			.append("share", 0.25)
			.append("price", new org.bson.types.Decimal128(new java.math.BigDecimal("2.60")))
			.append("active", true)
			.append("note", null)
			.append("at", when)
			.append("contact", new Document("email", "li@hengfeng.cn").append("phones", List.of("138", "139")))
			.append("history", List.of(new Document("from", "PLANNED").append("to", "APPROVED")))
			.append("token",
					new org.bson.types.Binary(org.bson.BsonBinarySubType.UUID_STANDARD.getValue(),
							java.nio.ByteBuffer.allocate(16)
								.putLong(uuid.getMostSignificantBits())
								.putLong(uuid.getLeastSignificantBits())
								.array()));
		MongoServer first = new MongoServer(DocumentStoreBackend.open(Path.of(file)));
		try (MongoClient writer = MongoClients.create("mongodb://127.0.0.1:" + first.bind().getPort())) {
			writer.getDatabase("paperlink").getCollection("kinds").insertOne(written);
		}
		finally {
			first.shutdown();
		}
		MongoServer second = new MongoServer(DocumentStoreBackend.open(Path.of(file)));
		try (MongoClient reader = MongoClients.create("mongodb://127.0.0.1:" + second.bind().getPort())) {
			Document read = reader.getDatabase("paperlink")
				.getCollection("kinds")
				.find(Filters.eq("_id", objectId))
				.first();
			assertThat(read).isEqualTo(written);
		}
		finally {
			second.shutdown();
		}
	}

}
