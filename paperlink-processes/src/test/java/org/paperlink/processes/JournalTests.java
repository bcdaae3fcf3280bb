package org.paperlink.processes;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal on its own: changes synced to it but never committed to the store's file
 * are there again after a crash, and a record torn by the crash is dropped with what came
 * after it, not read as garbage.
 */
class JournalTests {

	@Test
	void changesJournaledButNeverCommittedAreThereAfterACrash(@TempDir Path directory) {
		Path file = directory.resolve("store.mv");
		MVStore store = open(file);
		Journal journal = Journal.open(store, file, 0, (name) -> map(store, name));
		MVMap<Object, Object> reports = map(store, "meta.reports");
		reports.put("恒丰", 250_000L);
		reports.put("银河", 120_000L);
		reports.put("恒丰", 260_000L);
		reports.putIfAbsent("银河", 1L);
		reports.remove("银河");
		journal.write().force();
		crash(store, journal);

		MVStore reopened = open(file);
		Journal.open(reopened, file, 0, (name) -> map(reopened, name));
		assertThat(map(reopened, "meta.reports")).containsExactlyEntriesOf(java.util.Map.of("恒丰", 260_000L));
		reopened.close();
	}

	@Test
	void aRecordTornByTheCrashIsDroppedWithEverythingAfterIt(@TempDir Path directory) throws IOException {
		Path file = directory.resolve("store.mv");
		MVStore store = open(file);
		Journal journal = Journal.open(store, file, 0, (name) -> map(store, name));
		MVMap<Object, Object> reports = map(store, "meta.reports");
		reports.put("恒丰", 250_000L);
		journal.write().force();
		reports.put("银河", 120_000L);
		journal.write().force();
		crash(store, journal);
		Path segment = journalFiles(directory).get(journalFiles(directory).size() - 1);
		try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
			// the second record half on disk
			channel.truncate(Files.size(segment) - 6);
		}

		MVStore reopened = open(file);
		Journal.open(reopened, file, 0, (name) -> map(reopened, name));
		assertThat(map(reopened, "meta.reports")).containsExactlyEntriesOf(java.util.Map.of("恒丰", 250_000L));
		reopened.close();
	}

	private static MVStore open(Path file) {
		return new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static MVMap<Object, Object> map(MVStore store, String name) {
		return (MVMap) store.openMap(name, new JournaledMap.Builder<String, Object>());
	}

	/**
	 * The process gone at once: nothing committed, the journal files left as they are.
	 */
	private static void crash(MVStore store, Journal journal) {
		store.closeImmediately();
		Journal.forget(store);
	}

	private static List<Path> journalFiles(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((path) -> path.getFileName().toString().startsWith("store.mv.journal."))
				.sorted()
				.toList();
		}
	}

}
