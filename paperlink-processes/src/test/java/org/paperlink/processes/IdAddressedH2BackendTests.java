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

/**
 * A guarded update names {@code _id} and a version: answered from the {@code _id} index,
 * with the same results as a scan.
 */
class IdAddressedH2BackendTests {

	private static final int MEMBERS = 2_000;

	private IdAddressedH2Backend backend;

	private MongoServer server;

	private MongoClient client;

	private MongoCollection<Document> members;

	@BeforeEach
	void start() {
		this.backend = IdAddressedH2Backend.inMemory();
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
	void aStoreFileWrittenWithoutTheExtensionOpensWithIt(@TempDir Path directory) {
		String file = directory.resolve("paperlink.mv").toString();
		H2Backend plain = new H2Backend(file);
		MongoServer before = new MongoServer(plain);
		try (MongoClient writer = MongoClients.create("mongodb://127.0.0.1:" + before.bind().getPort())) {
			writer.getDatabase("paperlink")
				.getCollection("members")
				.insertOne(new Document("_id", "hengfeng").append("version", 5L));
		}
		before.shutdown();
		MongoServer after = new MongoServer(new IdAddressedH2Backend(file));
		try (MongoClient reader = MongoClients.create("mongodb://127.0.0.1:" + after.bind().getPort())) {
			MongoCollection<Document> members = reader.getDatabase("paperlink").getCollection("members");
			assertThat(members.find(Filters.and(Filters.eq("_id", "hengfeng"), Filters.eq("version", 5L))).first())
				.isNotNull();
			// rewritten in the extension's form, next to one still in the earlier form
			members.updateOne(Filters.eq("_id", "hengfeng"), Updates.set("version", 6L));
			members.insertOne(new Document("_id", "dongsen").append("version", 1L));
		}
		finally {
			after.shutdown();
		}
		MongoServer again = new MongoServer(new IdAddressedH2Backend(file));
		try (MongoClient reader = MongoClients.create("mongodb://127.0.0.1:" + again.bind().getPort())) {
			MongoCollection<Document> members = reader.getDatabase("paperlink").getCollection("members");
			assertThat(members.find(Filters.eq("_id", "hengfeng")).first()).containsEntry("version", 6L);
			assertThat(members.find(Filters.eq("_id", "dongsen")).first()).containsEntry("version", 1L);
		}
		finally {
			again.shutdown();
		}
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
		MongoServer first = new MongoServer(new IdAddressedH2Backend(file));
		try (MongoClient writer = MongoClients.create("mongodb://127.0.0.1:" + first.bind().getPort())) {
			writer.getDatabase("paperlink").getCollection("kinds").insertOne(written);
		}
		finally {
			first.shutdown();
		}
		MongoServer second = new MongoServer(new IdAddressedH2Backend(file));
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
