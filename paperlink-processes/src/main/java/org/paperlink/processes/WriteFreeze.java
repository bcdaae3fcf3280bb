package org.paperlink.processes;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MongoDB's {@code fsyncLock}: {@code {fsync: 1, lock: true}} waits for the writes under
 * way, then holds every new one until {@code {fsyncUnlock: 1}}, so that a backup reads
 * the store at one point in time while reads go on. The freeze also ends when the
 * connection that asked for it closes (a backup that died) and after {@link #LONGEST}: a
 * store left frozen by a lost client would otherwise hold every writer for good.
 */
final class WriteFreeze {

	private static final Logger log = LoggerFactory.getLogger(WriteFreeze.class);

	/** The longest a freeze lasts; a backup of an alliance's store takes seconds. */
	static final Duration LONGEST = Duration
		.ofSeconds(Long.getLong("paperlink.store.freeze-seconds", Duration.ofMinutes(2).toSeconds()));

	private static final int PERMITS = 1 << 20;

	/** One permit per write under way; a freeze takes them all. */
	private final Semaphore writes = new Semaphore(PERMITS, true);

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "store-freeze-limit");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * The connection holding the freeze, null when writes flow; guarded by {@code this}.
	 */
	private Channel holder;

	private ScheduledFuture<?> limit;

	/**
	 * Runs {@code change} with no other write under way, and none begun until it returns:
	 * creating, dropping or renaming collections, which the journal does not replay,
	 * until the checkpoint after it holds them.
	 */
	<T> T alone(java.util.function.Supplier<T> change) {
		this.writes.acquireUninterruptibly(PERMITS);
		try {
			return change.get();
		}
		finally {
			this.writes.release(PERMITS);
		}
	}

	/** Waits while the store is frozen, then counts this write as under way. */
	void beginWrite() {
		this.writes.acquireUninterruptibly();
	}

	void endWrite() {
		this.writes.release();
	}

	/** Freezes writes for {@code channel}; answers once the writes under way are done. */
	synchronized Document freeze(Channel channel) {
		if (this.holder != null) {
			throw new MongoServerError(0, "The store's writes are already locked by another client");
		}
		this.writes.acquireUninterruptibly(PERMITS);
		this.holder = channel;
		if (channel != null) {
			channel.closeFuture().addListener((closed) -> thaw(channel, "its connection closed"));
		}
		this.limit = this.timer.schedule(() -> thaw(channel, "it lasted " + LONGEST.toSeconds() + " s"),
				LONGEST.toMillis(), TimeUnit.MILLISECONDS);
		log.info("Writes locked for a consistent copy");
		return new Document("ok", 1.0).append("lockCount", 1)
			.append("info", "now locked against writes, use fsyncUnlock to unlock")
			.append("seeAlso", "paperlink.store.freeze-seconds");
	}

	/**
	 * Lets writes flow again; only the connection that froze them may (stricter than
	 * MongoDB): a backup whose freeze ran out, and another client's began, must hear that
	 * its copy was not of one moment, not end the other's freeze.
	 */
	synchronized Document thaw(Channel channel) {
		if (this.holder == null || (channel != null && this.holder != channel)) {
			throw new MongoServerError(125, "fsyncUnlock called when not locked by this connection");
		}
		release("fsyncUnlock");
		return new Document("ok", 1.0).append("lockCount", 0).append("info", "fsyncUnlock completed");
	}

	private synchronized void thaw(Channel channel, String why) {
		if (this.holder == channel) {
			release(why);
		}
	}

	private void release(String why) {
		this.holder = null;
		if (this.limit != null) {
			this.limit.cancel(false);
		}
		this.writes.release(PERMITS);
		log.info("Writes unlocked: {}", why);
	}

}
