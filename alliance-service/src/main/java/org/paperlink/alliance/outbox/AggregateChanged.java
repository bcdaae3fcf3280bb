package org.paperlink.alliance.outbox;

/**
 * Published in this replica after the {@link AggregateStore} wrote a change, for caches
 * of this replica that summarise a collection.
 *
 * @param id the aggregate, or null when many changed at once (a seed)
 */
public record AggregateChanged(String collection, String id) {

}
