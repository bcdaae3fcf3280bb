package org.paperlink.processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts a store file written by an earlier release, which kept documents and index
 * keys by Java serialisation, into {@link DocumentStoreBackend}'s format (BSON), before
 * the store opens it.
 * <p>
 * Crash-safe: the converted copy is written beside the file and synced, the original is
 * renamed to {@code <file>.before-bson} (kept, as the way back), then the copy takes the
 * file's name. A start that finds the copy alone finishes the renaming; one that finds a
 * partial copy next to the original writes it again.
 */
final class StoreFileUpgrade {

	private static final Logger log = LoggerFactory.getLogger(StoreFileUpgrade.class);

	private StoreFileUpgrade() {
	}

	static Path converting(Path file) {
		return file.resolveSibling(file.getFileName() + ".converting");
	}

	static Path original(Path file) {
		return file.resolveSibling(file.getFileName() + ".before-bson");
	}

	/** Leaves a file already in the current format, or none at all, as it is. */
	static void upgradeIfNeeded(Path file) {
		try {
			if (!Files.exists(file)) {
				if (Files.exists(converting(file)) && Files.exists(original(file))) {
					// stopped between the two renames: the copy is complete
					Files.move(converting(file), file, StandardCopyOption.ATOMIC_MOVE);
					syncDirectory(file);
				}
				return;
			}
			if (Files.size(file) == 0) {
				// killed while the store was first created: nothing was ever written
				Files.delete(file);
				return;
			}
			if (isCurrent(file)) {
				return;
			}
			Files.deleteIfExists(converting(file));
			log.info("Converting {} to BSON documents (the earlier release's Java serialisation) …", file);
			long documents = copy(file, converting(file));
			Files.move(file, original(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			syncDirectory(file);
			Files.move(converting(file), file, StandardCopyOption.ATOMIC_MOVE);
			syncDirectory(file);
			log.info("Converted {} documents; the earlier file is kept as {}", documents, original(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot convert the store file " + file, ex);
		}
	}

	/** Makes the renames in the file's directory survive a power cut. */
	private static void syncDirectory(Path file) throws IOException {
		Disk.sync(file.getParent());
	}

	private static boolean isCurrent(Path file) {
		MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
		try {
			return store.hasMap(DocumentStoreBackend.FORMAT_MAP) || store.getMapNames().isEmpty();
		}
		finally {
			store.close();
		}
	}

	/**
	 * Every map of {@code from} into a new file {@code to}: documents and index keys as
	 * BSON.
	 */
	private static long copy(Path from, Path to) {
		long documents = 0;
		MVStore source = new MVStore.Builder().fileName(from.toString()).readOnly().open();
		MVStore target = new MVStore.Builder().fileName(to.toString()).autoCommitDisabled().open();
		try {
			for (String name : source.getMapNames()) {
				MVMap<Object, Object> old = source.openMap(name);
				MVMap<Object, Object> copy = target.openMap(name, typeOf(name));
				for (Map.Entry<Object, Object> entry : old.entrySet()) {
					copy.put(entry.getKey(), entry.getValue());
				}
				if (DocumentStoreBackend.isDocumentsMap(name)) {
					documents += copy.size();
				}
				// bounded memory for a large file
				target.commit();
			}
			target.openMap(DocumentStoreBackend.FORMAT_MAP).put("format", DocumentStoreBackend.FORMAT);
			target.commit();
			target.sync();
		}
		finally {
			target.close();
			source.close();
		}
		return documents;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static MVMap.Builder<Object, Object> typeOf(String mapName) {
		if (DocumentStoreBackend.isDocumentsMap(mapName)) {
			return (MVMap.Builder) DocumentStoreBackend.documentsMapType();
		}
		if (DocumentStoreBackend.isIndexMap(mapName)) {
			return (MVMap.Builder) DocumentStoreBackend.indexMapType();
		}
		// a collection's meta data: H2's default, as the backend opens it
		return new MVMap.Builder<>();
	}

}
