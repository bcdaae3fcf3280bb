package org.paperlink.alliance.market;

import org.paperlink.events.AllianceEvent;

/**
 * A market event as the feed keeps it: where it was in the topic, the cursor after it,
 * and what happened.
 */
record FeedItem(int partition, long offset, FeedCursor cursor, AllianceEvent event) {

}
