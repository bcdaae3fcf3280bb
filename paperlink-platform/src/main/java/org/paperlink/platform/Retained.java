package org.paperlink.platform;

import java.time.Duration;

/**
 * How long a collection keeps its documents: each goes once its date field is older than
 * {@code keep} ({@code Duration.ZERO} for a field that holds the expiry itself).
 * Documents without the field are kept. A service declares one bean per collection; the
 * {@link RetentionSweeper} does the rest.
 */
public record Retained(String collection, String dateField, Duration keep) {

	/** The TTL index's name, one per collection and field. */
	String indexName() {
		return "retention_" + this.dateField;
	}

}
