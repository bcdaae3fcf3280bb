package org.paperlink.notification.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The deliveries this replica sends, in memory, each on its line: one aggregate's
 * deliveries to one address, in the order of the aggregate's versions (an unordered
 * delivery is a line of its own). Only a line's head may go out, so nothing overtakes an
 * older delivery; a line whose head failed waits for its retry without holding up any
 * other line. Nothing here touches the store or the network: {@link Deliveries} decides
 * what to send and records what happened.
 * <p>
 * A delivery another live replica still claims (its partition just moved here) is held:
 * it blocks its line until it is claimed here, or found done.
 */
final class DeliveryLines {

	private static final Comparator<Waiting> OLDEST_FIRST = Comparator
		.comparing((Waiting waiting) -> waiting.delivery.sequence(), Comparator.nullsFirst(Comparator.naturalOrder()))
		.thenComparing((waiting) -> waiting.delivery.createdAt(), Comparator.nullsFirst(Comparator.naturalOrder()))
		.thenComparing((waiting) -> waiting.delivery.id());

	/** How many done deliveries are remembered; far more than a sweep can read stale. */
	private static final int RECENTLY_DONE = 100_000;

	private final Map<String, Line> lines = new HashMap<>();

	private final Map<String, Waiting> byId = new HashMap<>();

	/**
	 * Deliveries done here lately: a recovery that read one while it was still pending
	 * must not put it back.
	 */
	private final Map<String, Boolean> done = new java.util.LinkedHashMap<>() {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
			return size() > RECENTLY_DONE;
		}
	};

	/**
	 * A delivery on its line: claimed here under {@code claim}, or held by another
	 * replica until {@code heldUntil}.
	 */
	static final class Waiting {

		private Delivery delivery;

		private String claim;

		private Instant heldUntil;

		Waiting(Delivery delivery, String claim, Instant heldUntil) {
			this.delivery = delivery;
			this.claim = claim;
			this.heldUntil = heldUntil;
		}

		Delivery delivery() {
			return this.delivery;
		}

		String claim() {
			return this.claim;
		}

		boolean isHeld() {
			return this.claim == null;
		}

	}

	/** Consecutive deliveries of one line, taken to be sent in order. */
	record Run(String line, List<Waiting> deliveries) {

		Transport channel() {
			return this.deliveries.get(0).delivery().channel();
		}

		String partition() {
			return this.deliveries.get(0).delivery().partition();
		}

	}

	private static final class Line {

		private final String key;

		private final TreeSet<Waiting> waiting = new TreeSet<>(OLDEST_FIRST);

		private boolean busy;

		private Instant retryAt;

		Line(String key) {
			this.key = key;
		}

	}

	synchronized boolean knows(String deliveryId) {
		return this.byId.containsKey(deliveryId);
	}

	synchronized int size() {
		return this.byId.size();
	}

	/**
	 * Puts a delivery claimed here on its line; one already there becomes claimed.
	 * @return false when it was already here, claimed
	 */
	synchronized boolean claimed(Delivery delivery, String claim) {
		if (this.done.containsKey(delivery.id())) {
			return false;
		}
		Waiting known = this.byId.get(delivery.id());
		if (known != null) {
			boolean wasHeld = known.isHeld();
			known.claim = claim;
			known.heldUntil = null;
			known.delivery = delivery.claimedBy(claim);
			return wasHeld;
		}
		put(new Waiting(delivery.claimedBy(claim), claim, null));
		return true;
	}

	/** Puts a delivery another replica still claims on its line, blocking it. */
	synchronized void held(Delivery delivery, Instant until) {
		if (this.done.containsKey(delivery.id())) {
			return;
		}
		Waiting known = this.byId.get(delivery.id());
		if (known == null) {
			put(new Waiting(delivery, null, until));
		}
		else if (known.isHeld()) {
			known.heldUntil = until;
		}
	}

	private void put(Waiting waiting) {
		String key = waiting.delivery.line();
		this.lines.computeIfAbsent(key, Line::new).waiting.add(waiting);
		this.byId.put(waiting.delivery.id(), waiting);
	}

	/** Takes off a delivery found done meanwhile (another replica sent it). */
	synchronized void forget(String deliveryId) {
		Waiting known = this.byId.get(deliveryId);
		if (known != null && known.isHeld()) {
			remove(known);
			this.done.put(deliveryId, Boolean.TRUE);
		}
	}

	/**
	 * Takes the runs that may go now, marking their lines busy: of every line that is not
	 * busy and not waiting for a retry, its head, or for email the consecutive claimed
	 * deliveries from its head, at most {@code emailRun}.
	 */
	synchronized List<Run> takeReady(Instant now, int emailRun) {
		List<Run> runs = new ArrayList<>();
		for (Line line : this.lines.values()) {
			if (line.busy || (line.retryAt != null && line.retryAt.isAfter(now)) || line.waiting.isEmpty()
					|| line.waiting.first().isHeld()) {
				continue;
			}
			int most = (line.waiting.first().delivery.channel() == Transport.EMAIL) ? Math.max(1, emailRun) : 1;
			List<Waiting> run = new ArrayList<>();
			for (Waiting waiting : line.waiting) {
				if (waiting.isHeld() || run.size() == most) {
					break;
				}
				run.add(waiting);
			}
			line.busy = true;
			line.retryAt = null;
			runs.add(new Run(line.key, List.copyOf(run)));
		}
		return runs;
	}

	/**
	 * What came of a run: its first {@code done} deliveries are done (sent, or failed for
	 * good when {@code failedForGood}), and the one after them, if {@code retryAt} is
	 * given, waits until then. The line is free again. A line dropped meanwhile stays
	 * dropped.
	 */
	synchronized void finished(Run run, int done, Instant retryAt) {
		Line line = this.lines.get(run.line());
		if (line == null) {
			return;
		}
		for (int i = 0; i < done && i < run.deliveries().size(); i++) {
			Waiting waiting = run.deliveries().get(i);
			if (this.byId.get(waiting.delivery.id()) == waiting) {
				remove(waiting);
			}
			this.done.put(waiting.delivery.id(), Boolean.TRUE);
		}
		line.busy = false;
		line.retryAt = retryAt;
		if (retryAt != null && done < run.deliveries().size()) {
			Waiting retried = run.deliveries().get(done);
			retried.delivery = retried.delivery.withAttempt();
		}
		if (line.waiting.isEmpty()) {
			this.lines.remove(run.line());
		}
	}

	private void remove(Waiting waiting) {
		String key = waiting.delivery.line();
		Line line = this.lines.get(key);
		this.byId.remove(waiting.delivery.id());
		if (line != null) {
			line.waiting.remove(waiting);
			if (line.waiting.isEmpty() && !line.busy) {
				this.lines.remove(key);
			}
		}
	}

	/**
	 * Drops the lines of these partitions (null: of none), busy or not: their partitions
	 * moved away, and their new owner sends them.
	 */
	synchronized void drop(Collection<String> partitions) {
		dropWhere((waiting) -> partitions.contains(waiting.delivery.partition()));
	}

	/** Drops every line: this replica's lease lapsed. */
	synchronized void dropAll() {
		this.lines.clear();
		this.byId.clear();
	}

	private void dropWhere(java.util.function.Predicate<Waiting> dropped) {
		Iterator<Line> lines = this.lines.values().iterator();
		while (lines.hasNext()) {
			Line line = lines.next();
			if (!line.waiting.isEmpty() && dropped.test(line.waiting.first())) {
				line.waiting.forEach((waiting) -> this.byId.remove(waiting.delivery.id()));
				lines.remove();
			}
		}
	}

	/**
	 * The earliest moment a line waits for: a retry, or a hold to end, looked at again no
	 * sooner than {@code heldAgain} (a hold that could not be taken over yet); null if
	 * none.
	 */
	synchronized Instant nextWake(Instant heldAgain) {
		Instant next = null;
		for (Line line : this.lines.values()) {
			Instant at = null;
			if (!line.busy && line.retryAt != null) {
				at = line.retryAt;
			}
			else if (!line.waiting.isEmpty() && line.waiting.first().isHeld()) {
				Instant until = line.waiting.first().heldUntil;
				at = (until == null || until.isBefore(heldAgain)) ? heldAgain : until;
			}
			if (at != null && (next == null || at.isBefore(next))) {
				next = at;
			}
		}
		return next;
	}

	/** The held deliveries whose hold has ended by {@code now}: to be claimed. */
	synchronized List<Delivery> heldPast(Instant now) {
		return this.byId.values()
			.stream()
			.filter((waiting) -> waiting.isHeld() && (waiting.heldUntil == null || !waiting.heldUntil.isAfter(now)))
			.map(Waiting::delivery)
			.filter(Objects::nonNull)
			.toList();
	}

}
