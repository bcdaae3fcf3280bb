package org.paperlink.platform;

import java.time.Duration;

/**
 * How long a collection keeps its documents: each goes once its date field is older than
 * {@code keep} ({@code Duration.ZERO} for a field that holds the expiry itself).
 * Documents without the field are kept. A service declares one bean per collection; the
 * {@link RetentionSweeper} does the rest.
 */
public record Retained(String collection, String dateField, Duration keep) {

	/**
	 * A collection an earlier release wrote and this one neither writes nor reads: it is
	 * dropped at start, so that what it held does not stay for good.
	 */
	public static Retained retired(String collection) {
		return new Retained(collection, null, null);
	}

	boolean isRetired() {
		return this.dateField == null;
	}

	/** The TTL index's name, one per collection and field. */
	String indexName() {
		return "retention_" + this.dateField;
	}

}
