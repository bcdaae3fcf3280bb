package org.paperlink.platform;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

/**
 * The times a restore rewound this store: each restore writes, into every database it
 * loads, when its backup was taken and when it was restored ({@value #COLLECTION}). What
 * the running system did between the two (sent a digest, published a scheduled notice,
 * reminded members) is gone from the store but not from anybody's mailbox, so a
 * time-triggered job whose due time falls inside such a window may have run already: it
 * treats that time as done, with {@link Window#reason()}, instead of doing it again. The
 * window opens {@link #UNDER_WAY} before the backup's point: jobs are checked every
 * minute or so and hold leases of up to ten minutes, so one due shortly before the backup
 * may still have been under way at its point, and done just after it.
 *
 * <p>
 * Read once, at first use, and kept: a restore is done with the services stopped, so the
 * windows do not change under a running replica, and every replica reads the same ones.
 */
public class RestoreWindows {

	private static final Logger log = LoggerFactory.getLogger(RestoreWindows.class);

	/** The collection each restore writes its window into. */
	public static final String COLLECTION = "restores";

	/**
	 * How long before the backup's point a job due then may still have been under way.
	 */
	public static final Duration UNDER_WAY = Duration.ofMinutes(15);

	/**
	 * Why an email or robot call of an event the replaced system may have sent
	 * ({@code AllianceEvent#mayHaveBeenToldBefore()}) is not sent again.
	 */
	public static final String TOLD_BEFORE = "备份恢复：此事在备份与恢复之间已到期，恢复前可能已经发出，不再重发 / restored from a backup: "
			+ "it fell due between the backup and the restore and may have been sent before; not sent again";

	private final Mono<List<Window>> windows;

	public RestoreWindows(ReactiveMongoTemplate mongo) {
		this.windows = mongo.findAll(Document.class, COLLECTION)
			.map(RestoreWindows::window)
			.filter(Optional::isPresent)
			.map(Optional::get)
			.collectList()
			.doOnNext((read) -> read.forEach((window) -> log.info(
					"This store was restored at {} from a backup of {}: what was due in between is not done again",
					window.restoredAt(), window.backupAt())))
			// a store that is not there yet is asked again by the next use
			.cache((read) -> Duration.ofMillis(Long.MAX_VALUE), (failed) -> Duration.ZERO, () -> Duration.ZERO);
	}

	/** The restore window that holds this due time, if any. */
	public Mono<Optional<Window>> covering(Instant due) {
		return this.windows.map((all) -> Window.of(all, due));
	}

	/** Every restore window: for work that checks many due times at once. */
	public Mono<List<Window>> all() {
		return this.windows;
	}

	private static Optional<Window> window(Document document) {
		try {
			Instant backupAt = instant(document.get("backupAt"));
			Instant restoredAt = instant(document.get("restoredAt"));
			if (backupAt != null && restoredAt != null) {
				return Optional.of(new Window(backupAt, restoredAt));
			}
		}
		catch (DateTimeParseException ex) {
			// below: one bad record must not stop every scheduled job
		}
		log.warn("Restore record {} names no backupAt and restoredAt dates; ignored", document.get("_id"));
		return Optional.empty();
	}

	private static Instant instant(Object value) {
		if (value instanceof Date date) {
			return date.toInstant();
		}
		return (value instanceof String text) ? Instant.parse(text) : null;
	}

	/**
	 * From a backup's point in time to its restore: what was due in between may have been
	 * done by the system the restore replaced.
	 */
	public record Window(Instant backupAt, Instant restoredAt) {

		/**
		 * Whether {@code due} came after the backup's point (less {@link #UNDER_WAY}) and
		 * up to the restore.
		 */
		public boolean covers(Instant due) {
			return due != null && due.isAfter(this.backupAt.minus(UNDER_WAY)) && !due.isAfter(this.restoredAt);
		}

		/** Why something due in the window is not done again; shown to operators. */
		public String reason() {
			return "备份恢复：到期时间在备份（" + this.backupAt + "）前后至恢复（" + this.restoredAt
					+ "）之间，可能已在恢复前完成，不再重复 / restored from a backup: due between the backup and the restore, so it may have been done before; not done again";
		}

		/** Whether any of these windows holds {@code due}. */
		public static Optional<Window> of(List<Window> windows, Instant due) {
			return windows.stream().filter((window) -> window.covers(due)).findFirst();
		}

	}

}
