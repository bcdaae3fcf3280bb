package org.paperlink.alliance.market;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A position in the market topic: for each partition, the next offset not yet seen. It is
 * the SSE event id of every feed item, so a reconnect with {@code Last-Event-ID} resumes
 * exactly after the last item received, on any replica and in whatever order that replica
 * read the partitions.
 */
record FeedCursor(Map<Integer, Long> next) {

	static final FeedCursor START = new FeedCursor(Map.of());

	FeedCursor {
		next = Map.copyOf(next);
	}

	boolean hasSeen(int partition, long offset) {
		return offset < this.next.getOrDefault(partition, 0L);
	}

	FeedCursor after(int partition, long offset) {
		Map<Integer, Long> moved = new TreeMap<>(this.next);
		moved.merge(partition, offset + 1, Math::max);
		return new FeedCursor(moved);
	}

	/**
	 * The further of the two on every partition: what a reader has seen when it has seen
	 * both (its own cursor, from whichever replica served it, and an item's).
	 */
	FeedCursor merge(FeedCursor other) {
		Map<Integer, Long> merged = new TreeMap<>(this.next);
		other.next.forEach((partition, offset) -> merged.merge(partition, offset, Math::max));
		return new FeedCursor(merged);
	}

	/** {@code 0:12,1:7}: partitions in order. */
	String text() {
		return new TreeMap<>(this.next).entrySet()
			.stream()
			.map((entry) -> entry.getKey() + ":" + entry.getValue())
			.collect(Collectors.joining(","));
	}

	static FeedCursor parse(String text) {
		if (text == null || text.isBlank()) {
			return START;
		}
		if (text.length() > 2000) {
			throw new IllegalArgumentException("cursor too long");
		}
		Map<Integer, Long> next = new TreeMap<>();
		for (String position : text.strip().split(",")) {
			String[] parts = position.split(":");
			if (parts.length != 2) {
				throw new IllegalArgumentException("not partition:offset: " + position);
			}
			int partition = Integer.parseInt(parts[0]);
			long offset = Long.parseLong(parts[1]);
			if (partition < 0 || offset < 0) {
				throw new IllegalArgumentException("negative position: " + position);
			}
			next.put(partition, offset);
		}
		return new FeedCursor(next);
	}

}
