package org.paperlink.alliance.market;

import java.time.Instant;

import org.paperlink.events.Category;

/**
 * A counterpart of a listing, as its owner sees it: who, what, and why it scored.
 *
 * @param listingId the counterpart listing
 */
record ListingMatch(String matchId, String listingId, String memberId, String enterpriseName, Side side,
		Category category, String spec, long quantity, Unit unit, Long priceMinYuan, Long priceMaxYuan, String region,
		double score, MatchScore.Factors factors, Instant foundAt) {

}
