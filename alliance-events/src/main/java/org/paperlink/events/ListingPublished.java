package org.paperlink.events;

import java.time.Instant;
import java.time.LocalDate;

/** A member published a supply offer or a purchase need. */
public record ListingPublished(String listingId, String memberId, String enterpriseName, String side, String category,
		String spec, long quantity, String unit, Long priceMinYuan, Long priceMaxYuan, String region,
		LocalDate validUntil, Instant publishedAt) implements AllianceEvent {

	@Override
	public String key() {
		return this.listingId;
	}

	@Override
	public String subject() {
		return this.listingId;
	}

}
