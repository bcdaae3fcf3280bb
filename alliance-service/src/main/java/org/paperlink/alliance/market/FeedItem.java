package org.paperlink.alliance.market;

import org.paperlink.events.AllianceEvent;

/**
 * A market event as the feed keeps it: where it was in the topic, the cursor after it,
 * and what happened.
 */
record FeedItem(int partition, long offset, FeedCursor cursor, AllianceEvent event) {

	/**
	 * Not an event: the reader's cursor is older than what the feed still holds, so it
	 * reloads what it shows and goes on from the recent backlog.
	 */
	static final FeedItem RESYNC = new FeedItem(-1, -1, FeedCursor.START, null);

}
