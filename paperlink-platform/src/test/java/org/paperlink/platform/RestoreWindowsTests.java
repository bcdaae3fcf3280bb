package org.paperlink.platform;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a restore rewound: work due after the backup's point and up to the restore may
 * have been done, and so may work due just before the point that was still under way at
 * it; what was due earlier was in the backup, and what falls due after the restore is
 * new.
 */
class RestoreWindowsTests {

	private static final Instant BACKUP = Instant.parse("2026-12-06T18:00:00Z");

	private static final Instant RESTORE = Instant.parse("2026-12-07T04:00:00Z");

	private final RestoreWindows.Window window = new RestoreWindows.Window(BACKUP, RESTORE);

	@Test
	void holdsWhatFellDueAfterTheBackupUpToTheRestore() {
		assertThat(this.window.covers(BACKUP.plusSeconds(1))).isTrue();
		assertThat(this.window.covers(BACKUP)).isTrue();
		assertThat(this.window.covers(BACKUP.minusSeconds(5))).as("due 01:59:55, perhaps sent at 02:00:05").isTrue();
		assertThat(this.window.covers(Instant.parse("2026-12-07T00:00:00Z"))).as("08:00 in Xinmi: the digest").isTrue();
		assertThat(this.window.covers(RESTORE)).isTrue();
	}

	@Test
	void leavesWhatWasDueWellBeforeTheBackupAndWhatFallsDueLater() {
		assertThat(this.window.covers(BACKUP.minus(RestoreWindows.UNDER_WAY))).isFalse();
		assertThat(this.window.covers(BACKUP.minusSeconds(3600))).isFalse();
		assertThat(this.window.covers(RESTORE.plusMillis(1))).isFalse();
		assertThat(this.window.covers(null)).isFalse();
	}

	@Test
	void findsTheWindowOfSeveralRestoresThatHoldsATime() {
		RestoreWindows.Window earlier = new RestoreWindows.Window(BACKUP.minusSeconds(86_400),
				RESTORE.minusSeconds(86_400));
		assertThat(RestoreWindows.Window.of(List.of(earlier, this.window), RESTORE.minusSeconds(60)))
			.contains(this.window);
		assertThat(RestoreWindows.Window.of(List.of(earlier, this.window), RESTORE.plusSeconds(60))).isEmpty();
		assertThat(this.window.reason()).startsWith("备份恢复");
	}

}
