package org.paperlink.processes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a write once its journal records are synced to disk, the meaning of MongoDB's
 * {@code j: true}. Writers that wait at the same time share one write and one sync: one
 * thread writes and syncs the journal records appended so far and releases the writers it
 * covered, while the writers that come meanwhile make the next batch. A second thread
 * checkpoints the store about once a second: it commits the store's file, which then
 * holds every journaled change, and deletes the journal files before it. When nothing has
 * been written or read for a while it keeps the file compact, the work H2's own
 * background writer would do.
 */
final class GroupCommit implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

	/**
	 * How often the store's file is committed while writes come, and an idle store is
	 * tidied.
	 */
	private static final Duration CHECKPOINT_EVERY = Duration
		.ofMillis(Long.getLong("paperlink.store.checkpoint-millis", 1000));

	private static final Duration REPORT_EVERY = Duration.ofSeconds(Long.getLong("paperlink.store.report-seconds", 60));

	/** While the store rests, chunks less full than this are rewritten. */
	private static final int TARGET_FILL_RATE = 50;

	/**
	 * While it serves, only a file mostly of free space is compacted: a second of
	 * compaction is a second of CPU the clients wait for.
	 */
	private static final int BUSY_FILL_RATE = 20;

	/** The key, in the format map, of the last journal record the file holds. */
	static final String CHECKPOINTED = "journal";

	private final MVStore store;

	private final Journal journal;

	private final MVMap<String, Object> format;

	private final Consumer<RuntimeException> onFailure;

	/** Counts the commands the store has answered, reads included. */
	private final LongSupplier activity;

	private long activityAtLastLook = -1;

	private final List<Thread> threads = new ArrayList<>();

	/** The writers waiting for the next journal write; guarded by {@code this}. */
	private Batch open = new Batch();

	private RuntimeException failure;

	private boolean closed;

	/** The last journal record the store's file holds; guarded by {@code checkpoints}. */
	private long checkpointed;

	private final Object checkpoints = new Object();

	private final AtomicLong syncs = new AtomicLong();

	private final AtomicLong writes = new AtomicLong();

	private final AtomicLong checkpointCount = new AtomicLong();

	/** Time spent syncing and checkpointing, for the log's figures. */
	private final AtomicLong syncNanos = new AtomicLong();

	private final AtomicLong checkpointNanos = new AtomicLong();

	private long writesAtLastReport;

	private long syncsAtLastReport;

	private long checkpointsAtLastReport;

	private long lastReport = System.nanoTime();

	/**
	 * Checkpoints the store at once, so that the journal it was opened with is no longer
	 * needed, then starts answering writes.
	 * @param format the map that keeps the last journal record the file holds
	 * @param activity a count of the commands answered: the file is compacted more
	 * eagerly while it stands still
	 * @param onFailure told when a write, sync or checkpoint fails: the store can no
	 * longer promise anything, and the waiting writers are answered with the error
	 */
	GroupCommit(MVStore store, Journal journal, MVMap<String, Object> format, LongSupplier activity,
			Consumer<RuntimeException> onFailure) {
		this.store = store;
		this.activity = activity;
		this.journal = journal;
		this.format = format;
		this.onFailure = onFailure;
		checkpoint();
		start("store-journal", this::journalLoop);
		start("store-checkpoint", this::checkpointLoop);
	}

	private void start(String name, Loop loop) {
		Thread thread = new Thread(() -> guarded(loop), name);
		thread.setDaemon(true);
		thread.start();
		this.threads.add(thread);
	}

	/**
	 * Blocks until every change made before this call is journaled on disk.
	 * @throws IllegalStateException if the journal failed or the store closed first
	 */
	void awaitDurable() {
		Batch batch;
		synchronized (this) {
			if (this.failure != null) {
				throw notOnDisk(this.failure);
			}
			if (this.closed) {
				throw new IllegalStateException("The store closed before the write was on disk");
			}
			batch = this.open;
			batch.writers++;
			notifyAll();
		}
		batch.await();
	}

	/**
	 * After a collection or index was created, dropped or renamed, which the journal does
	 * not replay: the file is committed, and the maps' names are looked up again.
	 */
	void mapsChanged() {
		this.journal.namesChanged();
		checkpoint();
	}

	/**
	 * Commits the store's file now, which then holds every change made before the call;
	 * also before the store closes.
	 */
	void checkpoint() {
		synchronized (this.checkpoints) {
			long started = System.nanoTime();
			long through = this.journal.seal();
			this.format.put(CHECKPOINTED, through);
			this.store.commit();
			this.store.sync();
			this.journal.retireSealed();
			this.checkpointed = through;
			this.checkpointNanos.addAndGet(System.nanoTime() - started);
			this.checkpointCount.incrementAndGet();
		}
	}

	/** How many journal syncs answered writes: fewer than the writes when they share. */
	long commits() {
		return this.syncs.get();
	}

	/** Writes made durable so far. */
	long writes() {
		return this.writes.get();
	}

	/**
	 * Writes the records of the writers that wait, as one batch, as soon as there are
	 * any, syncs them, and releases those writers; the writers that come meanwhile make
	 * the next batch. One thread does both: a write is a short append, and a second
	 * thread to sync it cost every write one more wake-up, which at one client was most
	 * of what durability cost a report.
	 */
	private void journalLoop() throws InterruptedException {
		while (true) {
			Batch batch;
			synchronized (this) {
				while (this.open.writers == 0 && !this.closed && this.failure == null) {
					wait();
				}
				if (this.closed || this.failure != null) {
					return;
				}
				batch = this.open;
				this.open = new Batch();
			}
			long started = System.nanoTime();
			try {
				this.journal.write().force();
			}
			catch (RuntimeException | Error ex) {
				batch.release(notOnDisk(ex));
				throw ex;
			}
			this.syncNanos.addAndGet(System.nanoTime() - started);
			this.syncs.incrementAndGet();
			this.writes.addAndGet(batch.writers);
			batch.release(null);
			report();
		}
	}

	/**
	 * Checkpoints about once a second while the journal grows; tidies the store once it
	 * rests.
	 */
	private void checkpointLoop() throws InterruptedException {
		while (true) {
			long due = System.nanoTime() + CHECKPOINT_EVERY.toNanos();
			synchronized (this) {
				// woken by every writer too; it waits out the interval all the same
				for (long left = due - System.nanoTime(); left > 0 && !this.closed
						&& this.failure == null; left = due - System.nanoTime()) {
					wait(Math.max(1, left / 1_000_000));
				}
				if (this.closed || this.failure != null) {
					return;
				}
			}
			long checkpointedBefore;
			synchronized (this.checkpoints) {
				checkpointedBefore = this.checkpointed;
			}
			if (this.journal.hasRecordsSince(checkpointedBefore) || this.store.hasUnsavedChanges()) {
				checkpoint();
			}
			else if (this.store.compact(resting() ? TARGET_FILL_RATE : BUSY_FILL_RATE, 1024 * 1024)) {
				// the pages moved out of sparse chunks are saved by the next checkpoint
				checkpoint();
			}
		}
	}

	/** No command since the last look: the store rests. */
	private boolean resting() {
		long now = this.activity.getAsLong();
		boolean resting = now == this.activityAtLastLook;
		this.activityAtLastLook = now;
		return resting;
	}

	/**
	 * Runs one of the loops. A failure stops them all, answers the waiting writers with
	 * the error, and tells the owner.
	 */
	private void guarded(Loop loop) {
		try {
			loop.run();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException | Error thrown) {
			// an Error too (out of memory): a loop that died silently would leave every
			// writer waiting for good
			RuntimeException ex = (thrown instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException(thrown);
			log.error("Writing the store failed; it stops answering writes", thrown);
			synchronized (this) {
				this.failure = ex;
				notifyAll();
			}
			releaseAll(notOnDisk(ex));
			this.onFailure.accept(ex);
		}
	}

	/** Answers every writer still waiting with {@code failure}. */
	private void releaseAll(RuntimeException failure) {
		Batch waiting;
		synchronized (this) {
			waiting = this.open;
			this.open = new Batch();
		}
		waiting.release(failure);
	}

	private static IllegalStateException notOnDisk(Throwable failure) {
		return new IllegalStateException("The write may not be on disk: " + failure.getMessage(), failure);
	}

	@FunctionalInterface
	private interface Loop {

		void run() throws InterruptedException;

	}

	/**
	 * The writers one journal write covers. Each waits on its own batch, so a sync wakes
	 * the writers it made durable and nobody else.
	 */
	private static final class Batch {

		/** Guarded by the enclosing GroupCommit's monitor until the batch is written. */
		int writers;

		private final CountDownLatch done = new CountDownLatch(1);

		private volatile RuntimeException failure;

		void release(RuntimeException failure) {
			this.failure = failure;
			this.done.countDown();
		}

		void await() {
			try {
				this.done.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for the write to reach the disk", ex);
			}
			if (this.failure != null) {
				throw this.failure;
			}
		}

	}

	/**
	 * One line a minute while writes come: how many shared a sync, and what syncs and
	 * checkpoints cost.
	 */
	private void report() {
		if (System.nanoTime() - this.lastReport < REPORT_EVERY.toNanos()) {
			return;
		}
		long syncsSince = this.syncs.get() - this.syncsAtLastReport;
		long checkpointsSince = this.checkpointCount.get() - this.checkpointsAtLastReport;
		long writesNow = this.writes.get();
		if (syncsSince > 0) {
			log.info("{} writes in {} journal syncs of {} ms and {} checkpoints of {} ms, on average",
					writesNow - this.writesAtLastReport, syncsSince,
					String.format("%.2f", this.syncNanos.getAndSet(0) / 1e6 / syncsSince), checkpointsSince,
					String.format("%.1f", this.checkpointNanos.getAndSet(0) / 1e6 / Math.max(1, checkpointsSince)));
		}
		this.syncsAtLastReport = this.syncs.get();
		this.checkpointsAtLastReport = this.checkpointCount.get();
		this.writesAtLastReport = writesNow;
		this.lastReport = System.nanoTime();
	}

	/**
	 * Stops answering writes, answers those still waiting with an error, and checkpoints:
	 * the store's file then holds everything, and the journal files are deleted.
	 */
	@Override
	public void close() {
		synchronized (this) {
			this.closed = true;
			notifyAll();
		}
		for (Thread thread : this.threads) {
			try {
				thread.join(Duration.ofSeconds(10).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		releaseAll(new IllegalStateException("The store closed before the write was on disk"));
		if (this.failure == null) {
			checkpoint();
			this.journal.close();
		}
	}

}
