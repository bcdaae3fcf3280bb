package org.paperlink.processes;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the store and syncs its file before a write is answered, the meaning of
 * MongoDB's {@code j: true}. Writers that wait at the same time share one commit and one
 * sync: one thread commits whatever was written before it started, then releases every
 * writer that had asked by then. Between writes it commits anything else left unsaved and
 * keeps the file compact, the work H2's own background writer would do.
 */
final class GroupCommit implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

	/**
	 * How often an idle store is tidied: unsaved changes committed, sparse chunks
	 * rewritten.
	 */
	private static final Duration HOUSEKEEPING = Duration.ofSeconds(1);

	private static final Duration REPORT_EVERY = Duration.ofSeconds(Long.getLong("paperlink.store.report-seconds", 60));

	/** Chunks less full than this are rewritten. */
	private static final int TARGET_FILL_RATE = 50;

	private final MVStore store;

	private final Consumer<RuntimeException> onFailure;

	private final Thread committer;

	/** Writes that asked to be made durable, in order; guarded by {@code this}. */
	private long requested;

	/** Every write up to this one is committed and synced; guarded by {@code this}. */
	private long durable;

	private RuntimeException failure;

	private boolean closed;

	private final AtomicLong commits = new AtomicLong();

	/** Time spent committing and syncing, for the log's figures. */
	private long commitNanos;

	private long syncNanos;

	private long writesAtLastReport;

	private long commitsAtLastReport;

	private long lastReport = System.nanoTime();

	/**
	 * @param onFailure told when a commit or sync fails: the store can no longer promise
	 * anything, and the waiting writers are answered with the error
	 */
	GroupCommit(MVStore store, Consumer<RuntimeException> onFailure) {
		this.store = store;
		this.onFailure = onFailure;
		this.committer = new Thread(this::run, "store-group-commit");
		this.committer.setDaemon(true);
		this.committer.start();
	}

	/**
	 * Blocks until every change made before this call is committed and on disk.
	 * @throws IllegalStateException if the commit failed or the store closed first
	 */
	void awaitDurable() {
		synchronized (this) {
			long ticket = ++this.requested;
			notifyAll();
			while (this.durable < ticket) {
				if (this.failure != null) {
					throw new IllegalStateException("The write may not be on disk: " + this.failure.getMessage(),
							this.failure);
				}
				if (this.closed) {
					throw new IllegalStateException("The store closed before the write was on disk");
				}
				try {
					wait();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("Interrupted while waiting for the write to reach the disk", ex);
				}
			}
		}
	}

	/** How many commits have been made: fewer than writes when writes share them. */
	long commits() {
		return this.commits.get();
	}

	/** Writes made durable so far. */
	synchronized long writes() {
		return this.durable;
	}

	private void run() {
		while (true) {
			long target;
			synchronized (this) {
				if (this.requested == this.durable && !this.closed) {
					try {
						wait(HOUSEKEEPING.toMillis());
					}
					catch (InterruptedException ex) {
						return;
					}
				}
				if (this.closed) {
					return;
				}
				target = this.requested;
			}
			try {
				if (target == this.durable) {
					tidy();
				}
				else {
					commitAndSync();
				}
			}
			catch (RuntimeException ex) {
				log.error("Commit failed; the store stops answering writes", ex);
				synchronized (this) {
					this.failure = ex;
					notifyAll();
				}
				this.onFailure.accept(ex);
				return;
			}
			synchronized (this) {
				this.durable = target;
				notifyAll();
			}
		}
	}

	private void commitAndSync() {
		long started = System.nanoTime();
		this.store.commit();
		long committed = System.nanoTime();
		this.store.sync();
		this.commitNanos += committed - started;
		this.syncNanos += System.nanoTime() - committed;
		this.commits.incrementAndGet();
		report();
	}

	/**
	 * One line a minute while writes come: how many shared a commit, and what it cost.
	 */
	private void report() {
		if (System.nanoTime() - this.lastReport < REPORT_EVERY.toNanos()) {
			return;
		}
		long commitsSince = this.commits.get() - this.commitsAtLastReport;
		long writes;
		synchronized (this) {
			writes = this.durable;
		}
		if (commitsSince > 0) {
			log.info("{} writes in {} commits; a commit took {} ms, its sync {} ms, on average",
					writes - this.writesAtLastReport, commitsSince,
					String.format("%.2f", this.commitNanos / 1e6 / commitsSince),
					String.format("%.2f", this.syncNanos / 1e6 / commitsSince));
		}
		this.commitsAtLastReport = this.commits.get();
		this.writesAtLastReport = writes;
		this.commitNanos = 0;
		this.syncNanos = 0;
		this.lastReport = System.nanoTime();
	}

	/**
	 * What H2's background writer did: save what nobody waited for, rewrite sparse
	 * chunks.
	 */
	private void tidy() {
		this.store.compact(TARGET_FILL_RATE, 1024 * 1024);
		if (this.store.hasUnsavedChanges()) {
			commitAndSync();
		}
	}

	@Override
	public void close() {
		synchronized (this) {
			this.closed = true;
			notifyAll();
		}
		try {
			this.committer.join(Duration.ofSeconds(10).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
