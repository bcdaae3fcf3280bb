package org.paperlink.events;

import java.time.Instant;

/**
 * The secretariat confirmed a roster import: how many rows became members and how many
 * were refused. It tells the secretariat once, in place of one "new application" per
 * imported row.
 */
public record RosterImported(String importId, String fileName, String importedBy, int created, int refused,
		Instant importedAt) implements AllianceEvent {

	@Override
	public String key() {
		return this.importId;
	}

	@Override
	public String subject() {
		return this.importId;
	}

}
