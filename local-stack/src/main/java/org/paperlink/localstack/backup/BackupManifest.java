package org.paperlink.localstack.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * What a backup holds, written last into its directory as {@code manifest.json}: when and
 * from where it was taken, how it was kept consistent, and for each collection its
 * document count and the SHA-256 of its two files. A directory without it is a backup
 * that did not finish.
 */
record BackupManifest(Instant takenAt, String source, String consistency, List<Entry> collections) {

	static final String FILE = "manifest.json";

	static final String FORMAT = "paperlink-backup-1";

	/** One collection: {@code <database>/<collection>.bson} and its metadata. */
	record Entry(String database, String collection, long documents, String bsonSha256, String metadataSha256) {

		Path bson(Path directory) {
			return directory.resolve(this.database).resolve(this.collection + ".bson");
		}

		Path metadata(Path directory) {
			return directory.resolve(this.database).resolve(this.collection + ".metadata.json");
		}

	}

	void write(Path directory) {
		List<Document> entries = this.collections.stream()
			.map((entry) -> new Document("database", entry.database()).append("collection", entry.collection())
				.append("documents", entry.documents())
				.append("files",
						new Document(entry.collection() + ".bson", entry.bsonSha256())
							.append(entry.collection() + ".metadata.json", entry.metadataSha256())))
			.toList();
		Document manifest = new Document("format", FORMAT).append("takenAt", this.takenAt.toString())
			.append("source", this.source)
			.append("consistency", this.consistency)
			.append("collections", entries);
		try {
			Files.writeString(directory.resolve(FILE),
					manifest.toJson(JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).indent(true).build()),
					StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @throws BackupRefused if the directory holds no manifest, or not one of ours
	 */
	static BackupManifest read(Path directory) {
		Document manifest;
		try {
			manifest = Document.parse(Files.readString(directory.resolve(FILE), StandardCharsets.UTF_8));
		}
		catch (NoSuchFileException ex) {
			throw new BackupRefused(List.of("没有 manifest.json：这不是一份完整的备份 / no manifest.json: not a finished backup"));
		}
		catch (IOException | RuntimeException ex) {
			throw new BackupRefused(List.of("manifest.json 无法读取 / manifest.json cannot be read: " + ex.getMessage()));
		}
		if (!FORMAT.equals(manifest.getString("format"))) {
			throw new BackupRefused(List.of("manifest.json 不是纸联备份的格式 / manifest.json is not a PaperLink backup's ("
					+ manifest.getString("format") + ")"));
		}
		List<Entry> entries = new ArrayList<>();
		for (Document entry : manifest.getList("collections", Document.class)) {
			Document files = entry.get("files", Document.class);
			String collection = entry.getString("collection");
			entries
				.add(new Entry(entry.getString("database"), collection, ((Number) entry.get("documents")).longValue(),
						files.getString(collection + ".bson"), files.getString(collection + ".metadata.json")));
		}
		return new BackupManifest(Instant.parse(manifest.getString("takenAt")), manifest.getString("source"),
				manifest.getString("consistency"), entries);
	}

	static String sha256(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[64 * 1024];
			for (int read; (read = in.read(buffer)) > 0;) {
				digest.update(buffer, 0, read);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
