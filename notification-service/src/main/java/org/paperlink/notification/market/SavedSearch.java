package org.paperlink.notification.market;

import java.time.Instant;

/**
 * A member's standing interest in new listings of one category. (Its id is not named
 * {@code id}: the mapping would store it as {@code _id} inside the array.)
 *
 * @param side OFFER or NEED, or null for both
 * @param region a village or town the listing must name, or null for anywhere
 */
record SavedSearch(String searchId, String memberId, String category, String side, String region,
		AlertDelivery delivery, Instant createdAt) {

	boolean fits(String listingMemberId, String listingSide, String listingRegion) {
		return !this.memberId.equals(listingMemberId) && (this.side == null || this.side.equals(listingSide))
				&& (this.region == null || this.region.equals(listingRegion));
	}

}
