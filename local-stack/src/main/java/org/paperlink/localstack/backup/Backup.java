package org.paperlink.localstack.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.mongodb.ConnectionString;
import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.paperlink.processes.Disk;

/**
 * Copies every database and collection of a running store into a directory in
 * {@code mongodump}'s layout: {@code <db>/<collection>.bson} (the documents, as
 * concatenated BSON) and {@code <db>/<collection>.metadata.json} (its indexes), so that
 * {@code mongorestore} restores it into a real MongoDB. Writes are paused for the copy
 * with MongoDB's {@code fsyncLock}, so the copy is of one point in time; reads go on. The
 * manifest is written last.
 * <p>
 * {@code ./mvnw -q -Pbackup -Dpaperlink.backup.dir=DIR}
 * [{@code -Dpaperlink.backup.uri=mongodb://…}]
 */
public final class Backup {

	/** The databases MongoDB keeps for itself, not the application's. */
	private static final List<String> SYSTEM_DATABASES = List.of("admin", "local", "config");

	static final String CONSISTENCY = "写入在复制期间暂停 (fsyncLock) / writes paused for the copy (fsyncLock)";

	private Backup() {
	}

	public static void main(String[] args) {
		String directory = System.getProperty("paperlink.backup.dir", "");
		if (directory.isBlank()) {
			System.err
				.println("请用 -Dpaperlink.backup.dir=目录 指定备份目录 / name the backup directory: -Dpaperlink.backup.dir=DIR");
			System.exit(2);
		}
		String uri = BackupCommands.uri();
		try {
			BackupManifest manifest = take(uri, Path.of(directory).toAbsolutePath(), System.out::println);
			long documents = manifest.collections().stream().mapToLong(BackupManifest.Entry::documents).sum();
			System.out.printf("备份完成 / backup done: %d 个集合 collections, %d 条 documents → %s%n",
					manifest.collections().size(), documents, Path.of(directory).toAbsolutePath());
		}
		catch (BackupRefused ex) {
			ex.reasons().forEach((reason) -> System.err.println("备份未进行 / not backed up: " + reason));
			System.exit(2);
		}
		catch (RuntimeException ex) {
			System.err.println("备份失败 / backup failed: " + ex.getMessage());
			System.exit(1);
		}
	}

	/**
	 * Copies the store at {@code uri} into {@code directory}, which must be new or empty.
	 * @param progress told each collection as it is copied
	 */
	public static BackupManifest take(String uri, Path directory, Consumer<String> progress) {
		prepare(directory);
		try (MongoClient client = MongoClients.create(BackupCommands.oneConnection(uri))) {
			MongoDatabase admin = client.getDatabase("admin");
			progress.accept("暂停写入 / pausing writes …");
			admin.runCommand(new Document("fsync", 1).append("lock", true));
			Instant takenAt = Instant.now();
			List<BackupManifest.Entry> entries;
			try {
				entries = copy(client, directory, progress);
			}
			finally {
				unlock(admin);
			}
			BackupManifest manifest = new BackupManifest(takenAt, source(uri), CONSISTENCY, entries);
			// the copy on disk before the manifest that says it is whole
			for (BackupManifest.Entry entry : entries) {
				sync(entry.bson(directory));
				sync(entry.metadata(directory));
				sync(entry.bson(directory).getParent());
			}
			manifest.write(directory);
			sync(directory.resolve(BackupManifest.FILE));
			sync(directory);
			return manifest;
		}
	}

	private static void unlock(MongoDatabase admin) {
		try {
			admin.runCommand(new Document("fsyncUnlock", 1));
		}
		catch (MongoCommandException ex) {
			// the store let writes go on by itself: the copy spans more than one moment
			throw new IllegalStateException("写入在复制结束前已恢复，这份备份不是同一时刻的，请重试 / writes resumed before "
					+ "the copy finished, so it is not of one moment; run the backup again (" + ex.getErrorMessage()
					+ ")", ex);
		}
	}

	private static void prepare(Path directory) {
		try {
			if (Files.isDirectory(directory)) {
				try (Stream<Path> present = Files.list(directory)) {
					if (present.findAny().isPresent()) {
						throw new BackupRefused(List.of("目录不是空的 / the directory is not empty: " + directory));
					}
				}
			}
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<BackupManifest.Entry> copy(MongoClient client, Path directory, Consumer<String> progress) {
		List<BackupManifest.Entry> entries = new ArrayList<>();
		List<String> databases = client.listDatabaseNames()
			.into(new ArrayList<>())
			.stream()
			.filter((name) -> !SYSTEM_DATABASES.contains(name))
			.sorted()
			.toList();
		for (String name : databases) {
			MongoDatabase database = client.getDatabase(name);
			List<String> collections = database.listCollectionNames()
				.into(new ArrayList<>())
				.stream()
				.filter((collection) -> !collection.startsWith("system."))
				.sorted()
				.toList();
			for (String collection : collections) {
				entries.add(copy(database, collection, directory));
				BackupManifest.Entry copied = entries.get(entries.size() - 1);
				progress.accept(String.format("  %s.%s: %d 条 / documents", name, collection, copied.documents()));
			}
		}
		return entries;
	}

	private static BackupManifest.Entry copy(MongoDatabase database, String collection, Path directory) {
		Path folder = directory.resolve(database.getName());
		Path bson = folder.resolve(collection + ".bson");
		Path metadata = folder.resolve(collection + ".metadata.json");
		long documents = 0;
		try {
			Files.createDirectories(folder);
			try (OutputStream out = Files.newOutputStream(bson);
					MongoCursor<RawBsonDocument> found = database.getCollection(collection, RawBsonDocument.class)
						.find()
						.batchSize(1000)
						.iterator()) {
				while (found.hasNext()) {
					ByteBuffer bytes = found.next().getByteBuffer().asNIO();
					out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
					documents++;
				}
			}
			// mongodump's metadata: the collection's options and every index but its own
			// order of fields
			Document description = new Document("options", new Document())
				.append("indexes", database.getCollection(collection).listIndexes().into(new ArrayList<>()))
				.append("collectionName", collection)
				.append("type", "collection");
			Files.writeString(metadata,
					description.toJson(JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build()),
					StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new BackupManifest.Entry(database.getName(), collection, documents, BackupManifest.sha256(bson),
				BackupManifest.sha256(metadata));
	}

	/** Syncs a file, or a directory's entries, to disk ({@link Disk}). */
	private static void sync(Path path) {
		try {
			Disk.sync(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Where the copy came from, without any password in its address. */
	private static String source(String uri) {
		ConnectionString address = new ConnectionString(uri);
		return "mongodb://" + String.join(",", address.getHosts());
	}

}
