package org.paperlink.localstack.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The local run's nightly backup: at {@code paperlink.backup.at} (02:00 by default, the
 * machine's local time) a {@link Backup} of the store into
 * {@code ./data/backups/paperlink-<date>-<time>}, keeping the newest
 * {@code paperlink.backup.keep} (7). The local run is one process, so the schedule runs
 * once however many service replicas it starts. A backup that fails (the store away at
 * that moment) is reported and tried again the next night; its half-written directory is
 * removed.
 */
public final class NightlyBackups implements AutoCloseable {

	private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'paperlink-'yyyyMMdd'-'HHmm");

	private final String storeUri;

	private final Path directory;

	private final int keep;

	private final LocalTime at;

	private final Clock clock;

	private final Consumer<String> log;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "nightly-backup");
		thread.setDaemon(true);
		return thread;
	});

	public NightlyBackups(String storeUri, Path directory, int keep, LocalTime at, Clock clock, Consumer<String> log) {
		if (keep < 1) {
			throw new IllegalArgumentException("paperlink.backup.keep must be at least 1, was " + keep);
		}
		this.storeUri = storeUri;
		this.directory = directory;
		this.keep = keep;
		this.at = at;
		this.clock = clock;
		this.log = log;
	}

	/** The settings of the local run: {@code paperlink.backup.at} and {@code .keep}. */
	public static NightlyBackups forLocalRun(String storeUri, Path dataDirectory, Consumer<String> log) {
		return new NightlyBackups(storeUri, dataDirectory.resolve("backups"),
				Integer.getInteger("paperlink.backup.keep", 7),
				LocalTime.parse(System.getProperty("paperlink.backup.at", "02:00")), Clock.systemDefaultZone(), log);
	}

	public void start() {
		scheduleNext();
		this.log.accept("每晚 " + this.at + " 备份到 / nightly backup at " + this.at + " into " + this.directory
				+ "（保留 keep " + this.keep + "）");
	}

	private void scheduleNext() {
		Duration wait = untilNext(ZonedDateTime.now(this.clock), this.at);
		this.timer.schedule(() -> {
			try {
				runOnce();
			}
			finally {
				scheduleNext();
			}
		}, wait.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** From {@code now} to the next {@code at}: later today, else tomorrow. */
	static Duration untilNext(ZonedDateTime now, LocalTime at) {
		ZonedDateTime next = now.with(at);
		if (!next.isAfter(now)) {
			next = now.plusDays(1).with(at);
		}
		return Duration.between(now, next);
	}

	/**
	 * Takes one backup now and removes the oldest beyond {@code keep}.
	 * @return the new backup's directory, or null if it failed
	 */
	public Path runOnce() {
		Path target = this.directory.resolve(NAME.format(ZonedDateTime.now(this.clock)));
		if (Files.exists(target)) {
			// a backup of this minute is there already: it is kept, not replaced
			this.log.accept("夜间备份跳过，已有 / nightly backup skipped, already there: " + target);
			return null;
		}
		try {
			Backup.take(this.storeUri, target, (line) -> {
			});
			this.log.accept("夜间备份完成 / nightly backup done: " + target);
			prune();
			return target;
		}
		catch (RuntimeException ex) {
			this.log.accept("夜间备份失败，明晚再试 / nightly backup failed, tried again tomorrow night: " + ex.getMessage());
			delete(target);
			return null;
		}
	}

	/** The finished backups (those with a manifest), oldest first. */
	List<Path> backups() {
		if (!Files.isDirectory(this.directory)) {
			return List.of();
		}
		try (Stream<Path> present = Files.list(this.directory)) {
			return present.filter((path) -> path.getFileName().toString().startsWith("paperlink-"))
				.filter((path) -> Files.isRegularFile(path.resolve(BackupManifest.FILE)))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void prune() {
		List<Path> finished = backups();
		finished.subList(0, Math.max(0, finished.size() - this.keep)).forEach(NightlyBackups::delete);
	}

	private static void delete(Path tree) {
		if (!Files.exists(tree)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(tree)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

}
