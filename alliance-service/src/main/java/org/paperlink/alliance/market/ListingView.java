package org.paperlink.alliance.market;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A listing as anyone signed in sees it. Its matches, and so its counterparts' contact
 * details, are only for its owner (at {@code /matches}).
 *
 * @param matchCount how many matches it has; only for its owner
 */
record ListingView(String id, String memberId, String enterpriseName, String side, String category, String categoryName,
		String spec, long quantity, String unit, Long priceMinYuan, Long priceMaxYuan, String region,
		LocalDate validUntil, String status, Instant publishedAt, Instant closedAt, Integer matchCount) {

	/**
	 * @param matchCount how many matches it has, or null when the reader is not its owner
	 */
	static ListingView of(Listing listing, Integer matchCount) {
		return new ListingView(listing.id(), listing.memberId(), listing.enterpriseName(), listing.side().name(),
				listing.category().name(), listing.category().nameZh(), listing.spec(), listing.quantity(),
				listing.unit().name(), listing.priceMinYuan(), listing.priceMaxYuan(), listing.region(),
				listing.validUntil(), listing.status().name(), listing.publishedAt(), listing.closedAt(), matchCount);
	}

	static ListingView of(OpenListing listing) {
		return new ListingView(listing.id(), listing.memberId(), listing.enterpriseName(), listing.side().name(),
				listing.category().name(), listing.category().nameZh(), listing.spec(), listing.quantity(),
				listing.unit().name(), listing.priceMinYuan(), listing.priceMaxYuan(), listing.region(),
				listing.validUntil(), Listing.Status.OPEN.name(), listing.publishedAt(), null, null);
	}

}
