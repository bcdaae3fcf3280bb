package org.paperlink.alliance.market;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.paperlink.alliance.outbox.Aggregate;
import org.paperlink.events.Category;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A supply offer or a purchase need. Its matches live in its own document: those found
 * when it was published are written with it, in the same insert as its events; those
 * found later by a counterpart's publication are added by the market feed.
 *
 * @param region the village or town the goods are at or wanted at
 * @param validUntil the last day (China time) it is open
 */
@Document(Listing.COLLECTION)
record Listing(@Id String id, String memberId, String enterpriseName, Side side, Category category, String spec,
		long quantity, Unit unit, Long priceMinYuan, Long priceMaxYuan, String region, LocalDate validUntil,
		Status status, Instant publishedAt, Instant closedAt, List<ListingMatch> matches,
		long version) implements Aggregate {

	static final String COLLECTION = "listings";

	enum Status {

		OPEN, CLOSED, EXPIRED

	}

	List<ListingMatch> matchesOrEmpty() {
		return (this.matches != null) ? this.matches : List.of();
	}

	String needId(ListingMatch match) {
		return (this.side == Side.NEED) ? this.id : match.listingId();
	}

	String offerId(ListingMatch match) {
		return (this.side == Side.OFFER) ? this.id : match.listingId();
	}

}
