package org.paperlink.alliance.market;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.paperlink.alliance.domain.Aggregate;
import org.paperlink.alliance.domain.Change;
import org.paperlink.events.Category;
import org.paperlink.events.ListingClosed;
import org.paperlink.events.MatchFound;
import org.paperlink.platform.Refusal;

/**
 * A supply offer or a purchase need. Its matches live in its own document: those found
 * when it was published are written with it, in the same insert as its events; those
 * found later by a counterpart's publication are added by the market feed.
 *
 * @param region the village or town the goods are at or wanted at
 * @param validUntil the last day (China time) it is open
 */
record Listing(String id, String memberId, String enterpriseName, Side side, Category category, String spec,
		long quantity, Unit unit, Long priceMinYuan, Long priceMaxYuan, String region, LocalDate validUntil,
		Status status, Instant publishedAt, Instant closedAt, List<ListingMatch> matches,
		long version) implements Aggregate {

	static final String COLLECTION = "listings";

	enum Status {

		OPEN, CLOSED, EXPIRED

	}

	/** The owner closes it, or its last day passes; only an open listing ends. */
	Change<Listing> end(Status how, Instant at) {
		if (this.status != Status.OPEN) {
			throw Refusal.conflict("listing-not-open", this.status);
		}
		Listing ended = new Listing(this.id, this.memberId, this.enterpriseName, this.side, this.category, this.spec,
				this.quantity, this.unit, this.priceMinYuan, this.priceMaxYuan, this.region, this.validUntil, how,
				this.publishedAt, at, this.matches, this.version);
		return Change.of(ended, new ListingClosed(this.id, this.memberId, how.name(), at));
	}

	/**
	 * A match found after both listings were published (by two replicas at once, each
	 * before it knew of the other): kept by this listing, announced by its event. Only an
	 * open listing takes one, and a counterpart it holds already is refused.
	 */
	Change<Listing> matchedLater(ListingMatch match, MatchFound found) {
		if (this.status != Status.OPEN) {
			throw Refusal.conflict("listing-not-open", this.status);
		}
		if (holds(match.listingId())) {
			throw Refusal.conflict("listing-matched-already", match.listingId());
		}
		List<ListingMatch> more = new java.util.ArrayList<>(matchesOrEmpty());
		more.add(match);
		Listing matched = new Listing(this.id, this.memberId, this.enterpriseName, this.side, this.category, this.spec,
				this.quantity, this.unit, this.priceMinYuan, this.priceMaxYuan, this.region, this.validUntil,
				this.status, this.publishedAt, this.closedAt, more, this.version);
		return Change.of(matched, found);
	}

	/** Whether this listing's own matches hold that counterpart. */
	boolean holds(String counterpartId) {
		return matchesOrEmpty().stream().anyMatch((match) -> match.listingId().equals(counterpartId));
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
