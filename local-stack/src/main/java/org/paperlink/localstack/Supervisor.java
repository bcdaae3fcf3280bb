package org.paperlink.localstack;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.paperlink.processes.ManagedProcess;

/**
 * Keeps the local run's processes running: a child that dies (a crash, a kill, an
 * out-of-memory) is started again after a backoff that doubles with each quick death (1 s
 * up to 30 s, back to 1 s once it has run a minute), and each restart is reported and
 * counted. The other children keep running; the services ride out the gap (503 with
 * Retry-After while the store is away, retries while the broker or the mail server is).
 * Closing it stops the watching, not the children.
 */
public final class Supervisor implements AutoCloseable {

	private static final Duration CHECK_EVERY = Duration.ofMillis(500);

	private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

	/** A child that ran this long before it died starts again at the first backoff. */
	private static final Duration STEADY = Duration.ofMinutes(1);

	private final List<ManagedProcess> children;

	private final Consumer<String> report;

	private final Map<ManagedProcess, Watch> watches = new LinkedHashMap<>();

	private final Map<String, Integer> restarts = new ConcurrentHashMap<>();

	private final Thread thread;

	private volatile boolean running = true;

	/** What is known of one child: since when it runs, and how long it waits next. */
	private static final class Watch {

		Instant runningSince = Instant.now();

		Duration backoff = FIRST_BACKOFF;

		Instant restartAt;

	}

	Supervisor(List<ManagedProcess> children, Consumer<String> report) {
		this.children = List.copyOf(children);
		this.report = report;
		this.children.forEach((child) -> this.watches.put(child, new Watch()));
		this.thread = new Thread(this::watch, "local-run-supervisor");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	boolean isWatching() {
		return this.running && this.thread.isAlive();
	}

	/** How many times each child was started again, by name. */
	public Map<String, Integer> restarts() {
		return Map.copyOf(this.restarts);
	}

	private void watch() {
		while (this.running) {
			Instant now = Instant.now();
			for (ManagedProcess child : this.children) {
				if (!this.running) {
					return;
				}
				try {
					check(child, this.watches.get(child), now);
				}
				catch (RuntimeException ex) {
					// one child's trouble (or its report's) must not end the watching of
					// all
					System.err.println("supervisor: " + child.name() + ": " + ex);
				}
			}
			try {
				Thread.sleep(CHECK_EVERY.toMillis());
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private void check(ManagedProcess child, Watch watch, Instant now) {
		if (child.isAlive()) {
			if (watch.restartAt == null && Duration.between(watch.runningSince, now).compareTo(STEADY) > 0) {
				watch.backoff = FIRST_BACKOFF;
			}
			watch.restartAt = null;
			return;
		}
		if (watch.restartAt == null) {
			watch.restartAt = now.plus(watch.backoff);
			this.report.accept(child.name() + " 已退出 / has exited (exit code " + child.exitCode() + "); "
					+ watch.backoff.toSeconds() + " s 后重启 restarting in " + watch.backoff.toSeconds() + " s; see "
					+ child.whereToLook());
			return;
		}
		if (now.isBefore(watch.restartAt)) {
			return;
		}
		try {
			child.start();
			int count = this.restarts.merge(child.name(), 1, Integer::sum);
			this.report.accept(child.name() + " 已重启 / restarted (restart " + count + ")");
		}
		catch (RuntimeException ex) {
			this.report.accept(child.name() + " 重启失败 / could not be restarted: " + ex.getMessage());
		}
		watch.runningSince = now;
		watch.restartAt = null;
		watch.backoff = min(watch.backoff.multipliedBy(2), MAX_BACKOFF);
	}

	private static Duration min(Duration one, Duration other) {
		return (one.compareTo(other) <= 0) ? one : other;
	}

	/** Stops watching; the children keep running. */
	@Override
	public void close() {
		this.running = false;
		this.thread.interrupt();
		try {
			this.thread.join(Duration.ofSeconds(5).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
