package org.paperlink.localstack.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperlink.processes.DocumentStoreBackend;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local run's nightly backup: due at 02:00 local time, today or tomorrow; each night
 * a finished backup, the oldest removed beyond the number kept; a night the store is away
 * leaves no half backup behind.
 */
class NightlyBackupsTests {

	private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

	@Test
	void theNextBackupIsAtTwoTodayOrElseTomorrow() {
		LocalTime two = LocalTime.of(2, 0);
		assertThat(NightlyBackups.untilNext(ZonedDateTime.of(2026, 12, 7, 1, 30, 0, 0, BEIJING), two))
			.isEqualTo(Duration.ofMinutes(30));
		assertThat(NightlyBackups.untilNext(ZonedDateTime.of(2026, 12, 7, 2, 0, 0, 0, BEIJING), two))
			.isEqualTo(Duration.ofHours(24));
		assertThat(NightlyBackups.untilNext(ZonedDateTime.of(2026, 12, 7, 18, 0, 0, 0, BEIJING), two))
			.isEqualTo(Duration.ofHours(8));
	}

	@Test
	void eachNightAddsABackupAndOnlyTheNewestSevenAreKept(@TempDir Path directory) throws IOException {
		Files.createDirectories(directory.resolve("store"));
		MongoServer store = new MongoServer(
				DocumentStoreBackend.open(directory.resolve("store").resolve("paperlink.mv")));
		String uri = "mongodb://127.0.0.1:" + store.bind().getPort();
		try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(uri)) {
			client.getDatabase("paperlink").getCollection("members").insertOne(new Document("_id", "member-1"));
		}
		List<String> said = new ArrayList<>();
		try {
			for (int night = 1; night <= 9; night++) {
				Instant at = ZonedDateTime.of(2026, 12, night, 2, 0, 0, 0, BEIJING).toInstant();
				NightlyBackups nightly = new NightlyBackups(uri, directory.resolve("backups"), 7, LocalTime.of(2, 0),
						Clock.fixed(at, BEIJING), said::add);
				assertThat(nightly.runOnce()).isNotNull();
			}
			NightlyBackups nightly = new NightlyBackups(uri, directory.resolve("backups"), 7, LocalTime.of(2, 0),
					Clock.systemDefaultZone(), said::add);
			assertThat(nightly.backups()).extracting((path) -> path.getFileName().toString())
				.containsExactly("paperlink-20261203-0200", "paperlink-20261204-0200", "paperlink-20261205-0200",
						"paperlink-20261206-0200", "paperlink-20261207-0200", "paperlink-20261208-0200",
						"paperlink-20261209-0200");
			assertThat(Restore.verify(nightly.backups().get(6)).collections()).isNotEmpty();
		}
		finally {
			store.shutdown();
		}

		NightlyBackups storeAway = new NightlyBackups("mongodb://127.0.0.1:1", directory.resolve("backups"), 7,
				LocalTime.of(2, 0),
				Clock.fixed(ZonedDateTime.of(2026, 12, 10, 2, 0, 0, 0, BEIJING).toInstant(), BEIJING), said::add);
		assertThat(storeAway.runOnce()).isNull();
		assertThat(said).last().asString().contains("nightly backup failed");
		assertThat(directory.resolve("backups").resolve("paperlink-20261210-0200")).doesNotExist();
		assertThat(storeAway.backups()).hasSize(7);
	}

}
