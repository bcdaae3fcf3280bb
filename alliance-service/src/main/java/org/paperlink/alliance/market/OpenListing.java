package org.paperlink.alliance.market;

import java.time.Instant;
import java.time.LocalDate;

import org.paperlink.events.Category;
import org.paperlink.events.ListingPublished;

/**
 * What matching and the feed need to know of an open listing, held in memory.
 *
 * @param grade the spec in the taxonomy's spelling, or the spec as written
 */
record OpenListing(String id, String memberId, String enterpriseName, Side side, Category category, String spec,
		long quantity, Unit unit, Long priceMinYuan, Long priceMaxYuan, String region, LocalDate validUntil,
		Instant publishedAt) {

	static OpenListing of(Listing listing) {
		return new OpenListing(listing.id(), listing.memberId(), listing.enterpriseName(), listing.side(),
				listing.category(), listing.spec(), listing.quantity(), listing.unit(), listing.priceMinYuan(),
				listing.priceMaxYuan(), listing.region(), listing.validUntil(), listing.publishedAt());
	}

	static OpenListing of(ListingPublished event) {
		return new OpenListing(event.listingId(), event.memberId(), event.enterpriseName(), Side.valueOf(event.side()),
				Category.valueOf(event.category()), event.spec(), event.quantity(), Unit.valueOf(event.unit()),
				event.priceMinYuan(), event.priceMaxYuan(), event.region(), event.validUntil(), event.publishedAt());
	}

	boolean openOn(LocalDate today) {
		return !today.isAfter(this.validUntil);
	}

}
