package org.paperlink.localstack.backup;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.BsonInvalidOperationException;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.paperlink.processes.DocumentStoreProcess;
import org.paperlink.processes.ManagedProcess;

/**
 * Loads a backup written by {@link Backup} (or by {@code mongodump}, with a manifest)
 * into a store. It checks the whole backup first (every file present, its SHA-256 and its
 * document count as the manifest says, every document whole) and refuses a damaged or
 * partial one, changing nothing; it refuses a store that already holds data unless told
 * to replace it.
 * <p>
 * Kafka is not restored, and the services start on a store that is older than their
 * topics. So the restore leaves what was under way at the backup in a state that sends
 * none of it twice: no aggregate keeps the lease of a replica that is gone
 * (alliance-service reads its pending events back from their topics before publishing
 * any, {@code OutboxRelay}), and deliveries pending at the backup are SKIPPED with the
 * reason, since any of them may have gone out after it. The services must be stopped
 * while it runs, and started after: a running relay does not read back.
 * <p>
 * {@code ./mvnw -q -Prestore -Dpaperlink.backup.dir=DIR}
 * [{@code -Dpaperlink.restore.replace=true}]
 * [{@code -Dpaperlink.backup.uri=mongodb://…}]: without a URI it loads the local run's
 * own store in {@code ./data/store}, which must not be running.
 */
public final class Restore {

	private static final int BATCH = 1000;

	/**
	 * The field of alliance-service's aggregates naming the replica that sends their
	 * events.
	 */
	private static final String RELAY_LEASE = "relayLease";

	/** notification-service's collection of deliveries (email, robots). */
	private static final String DELIVERIES = "deliveries";

	/**
	 * Where each restore writes its window, read by the services'
	 * {@code org.paperlink.platform.RestoreWindows}.
	 */
	private static final String RESTORES = "restores";

	/** Bigger than any document MongoDB accepts: a length this large is damage. */
	private static final int LARGEST_DOCUMENT = 16 * 1024 * 1024;

	private Restore() {
	}

	public static void main(String[] args) {
		String directory = System.getProperty("paperlink.backup.dir", "");
		if (directory.isBlank()) {
			System.err.println(
					"请用 -Dpaperlink.backup.dir=目录 指定要恢复的备份 / name the backup to restore: -Dpaperlink.backup.dir=DIR");
			System.exit(2);
		}
		Path backup = Path.of(directory).toAbsolutePath();
		boolean replace = Boolean.getBoolean("paperlink.restore.replace");
		try {
			if (BackupCommands.uriGiven()) {
				load(BackupCommands.uri(), backup, replace, System.out::println);
			}
			else {
				intoTheLocalStore(backup, replace);
			}
			System.out.println("恢复完成 / restore done from " + backup);
		}
		catch (BackupRefused ex) {
			ex.reasons()
				.forEach((reason) -> System.err.println("未恢复，未做任何改动 / not restored, nothing changed: " + reason));
			System.exit(2);
		}
		catch (RuntimeException ex) {
			System.err.println("恢复失败 / restore failed: " + ex.getMessage());
			System.exit(1);
		}
	}

	/** Starts the local run's store alone on its file, loads the backup, stops it. */
	private static void intoTheLocalStore(Path backup, boolean replace) {
		verify(backup);
		int port = Integer.getInteger("paperlink.store.port", 27027);
		if (!ManagedProcess.Ports.free(port)) {
			throw new BackupRefused(List.of("端口 " + port + " 上已有数据库在运行：请先停止纸联（Ctrl-C）再恢复 / a store is running on port "
					+ port + ": stop PaperLink (Ctrl-C) first, or restore into it with -Dpaperlink.backup.uri=…"));
		}
		Path data = Path.of(System.getProperty("paperlink.data", "data")).toAbsolutePath();
		try (DocumentStoreProcess store = new DocumentStoreProcess(data.resolve("store"), port, "512m")) {
			System.out.println("启动数据库 / starting the store in " + data.resolve("store") + " …");
			store.start();
			load(store.uri(), backup, replace, System.out::println);
		}
	}

	/**
	 * Checks the backup in {@code directory}, then loads it into the store at
	 * {@code uri}.
	 * @param replace drop the backup's databases in the store first, where they hold data
	 * @throws BackupRefused if the backup is damaged or partial, or the store holds data
	 * and {@code replace} is not set; nothing was changed
	 */
	public static void load(String uri, Path directory, boolean replace, Consumer<String> progress) {
		BackupManifest manifest = verify(directory);
		progress.accept("备份完整 / the backup is whole: " + manifest.collections().size()
				+ " 个集合 collections, 时间 taken at " + manifest.takenAt());
		try (MongoClient client = MongoClients.create(BackupCommands.settings(uri))) {
			Set<String> databases = new LinkedHashSet<>();
			manifest.collections().forEach((entry) -> databases.add(entry.database()));
			List<String> occupied = occupied(client, databases);
			if (!occupied.isEmpty() && !replace) {
				throw new BackupRefused(List.of("目标数据库已有数据（" + String.join(", ", occupied)
						+ "）：确认要覆盖请加 -Dpaperlink.restore.replace=true / the store already holds data ("
						+ String.join(", ", occupied) + "); to overwrite it, add -Dpaperlink.restore.replace=true"));
			}
			for (String database : databases) {
				client.getDatabase(database).drop();
			}
			for (BackupManifest.Entry entry : manifest.collections()) {
				load(client.getDatabase(entry.database()), entry, directory);
				progress.accept(String.format("  %s.%s: %d 条 / documents", entry.database(), entry.collection(),
						entry.documents()));
			}
			for (BackupManifest.Entry entry : manifest.collections()) {
				// the replicas that held these leases are gone; a lease taken within its
				// 45 s of the backup would otherwise hold its aggregate until a later
				// sweep (every 5 minutes)
				client.getDatabase(entry.database())
					.getCollection(entry.collection())
					.updateMany(Filters.exists(RELAY_LEASE), Updates.unset(RELAY_LEASE));
				if (DELIVERIES.equals(entry.collection())) {
					long notResent = notSentAgain(client.getDatabase(entry.database()).getCollection(DELIVERIES),
							manifest.takenAt());
					progress.accept(String.format(
							"  %s.%s: %d 条备份时尚未确认发出的通知不再重发（状态 SKIPPED）/ deliveries pending at the backup are not sent again (status SKIPPED)",
							entry.database(), DELIVERIES, notResent));
				}
			}
			Instant restoredAt = Instant.now();
			for (String database : databases) {
				// what was due between the backup and now may have been done by the
				// system this restore replaces: its scheduled jobs read this window
				// (RestoreWindows) and do not do it again
				client.getDatabase(database)
					.getCollection(RESTORES)
					.insertOne(
							new Document("_id", restoredAt.toString()).append("backupAt", Date.from(manifest.takenAt()))
								.append("restoredAt", Date.from(restoredAt)));
			}
			progress.accept("恢复时间 restored at " + restoredAt + "：备份之后、恢复之前到期的定时任务（日报、提醒、定时通知的邮件）不再重复 / "
					+ "scheduled work due between the backup and now (digests, reminders, a scheduled notice's emails) is not done again");
		}
	}

	/**
	 * notification-service's deliveries still pending when the backup was taken: any of
	 * them may have gone out after it, and the record of that went with the store, so
	 * none is sent again. Each says why, and the deliveries list shows them.
	 */
	static long notSentAgain(MongoCollection<Document> deliveries, Instant takenAt) {
		return deliveries.updateMany(Filters.eq("status", "PENDING"), Updates
			.combine(Updates.set("status", "SKIPPED"), Updates.set("lastError", "备份恢复：备份（" + takenAt
					+ "）时尚未确认发出，恢复后不再重发，可能已在备份之后发出 / restored from a backup: not confirmed sent when it was taken, so not sent again; it may have gone out after"),
					Updates.unset("claimedBy"), Updates.unset("nextAttemptAt")))
			.getModifiedCount();
	}

	/** The collections of the backup's databases that already hold documents. */
	private static List<String> occupied(MongoClient client, Set<String> databases) {
		List<String> occupied = new ArrayList<>();
		List<String> present = client.listDatabaseNames().into(new ArrayList<>());
		for (String database : databases) {
			if (!present.contains(database)) {
				continue;
			}
			MongoDatabase db = client.getDatabase(database);
			for (String collection : db.listCollectionNames()) {
				if (db.getCollection(collection).estimatedDocumentCount() > 0) {
					occupied.add(database + "." + collection);
				}
			}
		}
		return occupied;
	}

	private static void load(MongoDatabase database, BackupManifest.Entry entry, Path directory) {
		MongoCollection<RawBsonDocument> collection = database.getCollection(entry.collection(), RawBsonDocument.class);
		database.createCollection(entry.collection());
		List<RawBsonDocument> batch = new ArrayList<>(BATCH);
		try (InputStream in = Files.newInputStream(entry.bson(directory))) {
			for (RawBsonDocument document; (document = next(in)) != null;) {
				batch.add(document);
				if (batch.size() == BATCH) {
					collection.insertMany(batch);
					batch.clear();
				}
			}
			if (!batch.isEmpty()) {
				collection.insertMany(batch);
			}
			Document metadata = Document.parse(Files.readString(entry.metadata(directory), StandardCharsets.UTF_8));
			List<Document> indexes = new ArrayList<>();
			for (Document index : metadata.getList("indexes", Document.class)) {
				if (!"_id_".equals(index.getString("name"))) {
					index.remove("v");
					index.remove("ns");
					indexes.add(index);
				}
			}
			if (!indexes.isEmpty()) {
				database.runCommand(new Document("createIndexes", entry.collection()).append("indexes", indexes));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Every file the manifest names is there, with its SHA-256, and its documents whole
	 * and as many as it says; all that is wrong is told at once.
	 * @throws BackupRefused naming each problem
	 */
	public static BackupManifest verify(Path directory) {
		BackupManifest manifest = BackupManifest.read(directory);
		List<String> problems = new ArrayList<>();
		for (BackupManifest.Entry entry : manifest.collections()) {
			String name = entry.database() + "/" + entry.collection();
			Path bson = entry.bson(directory);
			Path metadata = entry.metadata(directory);
			if (!Files.isRegularFile(bson) || !Files.isRegularFile(metadata)) {
				problems.add("缺少文件 / a file is missing: " + (Files.isRegularFile(bson) ? metadata : bson).getFileName()
						+ " (" + name + ")");
				continue;
			}
			if (!BackupManifest.sha256(bson).equals(entry.bsonSha256())) {
				problems.add("文件已损坏（SHA-256 不符）/ damaged, its SHA-256 differs: " + name + ".bson");
			}
			if (!BackupManifest.sha256(metadata).equals(entry.metadataSha256())) {
				problems.add("文件已损坏（SHA-256 不符）/ damaged, its SHA-256 differs: " + name + ".metadata.json");
			}
			try {
				long counted = count(bson);
				if (counted != entry.documents()) {
					problems.add(String.format("%s.bson 有 %d 条文档，清单记为 %d / holds %d documents, the manifest says %d",
							name, counted, entry.documents(), counted, entry.documents()));
				}
			}
			catch (IllegalStateException ex) {
				problems.add(name + ".bson: " + ex.getMessage());
			}
		}
		if (!problems.isEmpty()) {
			throw new BackupRefused(problems);
		}
		return manifest;
	}

	private static long count(Path bson) {
		long documents = 0;
		try (InputStream in = Files.newInputStream(bson)) {
			while (next(in) != null) {
				documents++;
			}
			return documents;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The next whole document, or null at the end of the file.
	 * @throws IllegalStateException if the file ends inside a document or holds one that
	 * is not BSON
	 */
	private static RawBsonDocument next(InputStream in) throws IOException {
		byte[] length = in.readNBytes(4);
		if (length.length == 0) {
			return null;
		}
		if (length.length < 4) {
			throw new IllegalStateException("文件在文档中间结束（被截断）/ the file ends inside a document (truncated)");
		}
		int size = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getInt();
		if (size < 5 || size > LARGEST_DOCUMENT) {
			throw new IllegalStateException("不是 BSON 文档 / not a BSON document (length " + size + ")");
		}
		byte[] bytes = new byte[size];
		System.arraycopy(length, 0, bytes, 0, 4);
		try {
			new DataInputStream(in).readFully(bytes, 4, size - 4);
		}
		catch (EOFException ex) {
			throw new IllegalStateException("文件在文档中间结束（被截断）/ the file ends inside a document (truncated)");
		}
		RawBsonDocument document = new RawBsonDocument(bytes);
		try {
			// reads every field: a damaged document fails here, not in the store
			document.toJson();
		}
		catch (BsonInvalidOperationException | org.bson.BsonSerializationException ex) {
			throw new IllegalStateException("文档已损坏 / a damaged document: " + ex.getMessage());
		}
		return document;
	}

}
