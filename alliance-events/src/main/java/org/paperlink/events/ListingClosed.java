package org.paperlink.events;

import java.time.Instant;

/** A listing was closed by its owner or expired. */
public record ListingClosed(String listingId, String memberId, String reason,
		Instant closedAt) implements AllianceEvent {

	@Override
	public String key() {
		return this.listingId;
	}

	@Override
	public String subject() {
		return this.listingId;
	}

}
