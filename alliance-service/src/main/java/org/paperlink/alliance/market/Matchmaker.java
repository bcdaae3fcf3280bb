package org.paperlink.alliance.market;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

import org.bson.types.ObjectId;
import org.paperlink.events.MatchFound;

import org.springframework.stereotype.Component;

/**
 * Finds the counterparts of a new listing among the open listings in memory: the other
 * side, a compatible category, the same unit, another enterprise, still open today. They
 * are scored, and the best above the threshold are kept.
 */
@Component
class Matchmaker {

	private final OpenListings open;

	private final ChainTaxonomy taxonomy;

	private final MarketProperties properties;

	private final Clock clock;

	Matchmaker(OpenListings open, ChainTaxonomy taxonomy, MarketProperties properties, Clock clock) {
		this.open = open;
		this.taxonomy = taxonomy;
		this.properties = properties;
		this.clock = clock;
	}

	record Candidate(OpenListing listing, MatchScore score) {

		/**
		 * The match as the holder's document keeps it, and its event. The holder is the
		 * listing whose matching found it ({@code triggeredBy}); the counterpart gets a
		 * record of its own from the event ({@link ListingMatches}).
		 */
		Found foundFor(OpenListing holder, Instant now) {
			OpenListing other = this.listing;
			String matchId = new ObjectId().toHexString();
			ListingMatch match = new ListingMatch(matchId, other.id(), other.memberId(), other.enterpriseName(),
					other.side(), other.category(), other.spec(), other.quantity(), other.unit(), other.priceMinYuan(),
					other.priceMaxYuan(), other.region(), this.score.score(), this.score.factors(), now);
			OpenListing need = (holder.side() == Side.NEED) ? holder : other;
			OpenListing offer = (holder.side() == Side.NEED) ? other : holder;
			MatchFound event = new MatchFound(matchId, need.id(), offer.id(), need.memberId(), need.enterpriseName(),
					offer.memberId(), offer.enterpriseName(), holder.category().name(), holder.spec(),
					this.score.score(), holder.id(), now);
			return new Found(match, event);
		}

	}

	record Found(ListingMatch match, MatchFound event) {

	}

	/** The best open counterparts of the listing, above the threshold. */
	List<Candidate> counterparts(OpenListing listing) {
		return counterparts(listing, (other) -> true);
	}

	/**
	 * The best open counterparts of the listing among some listings, above the threshold.
	 */
	List<Candidate> counterparts(OpenListing listing, Predicate<OpenListing> among) {
		Instant now = this.clock.instant();
		LocalDate today = LocalDate.ofInstant(now, this.properties.zone());
		return this.open.of(listing.side().other(), this.taxonomy.compatible(listing.category()))
			.filter(among)
			.filter((other) -> !other.memberId().equals(listing.memberId()))
			.filter((other) -> other.unit() == listing.unit())
			.filter((other) -> other.openOn(today))
			.map((other) -> new Candidate(other,
					MatchScore.of(listing, other, this.taxonomy, this.properties.weights(), now)))
			.filter((candidate) -> candidate.score().score() >= this.properties.threshold())
			.sorted(Comparator.comparingDouble((Candidate candidate) -> candidate.score().score())
				.reversed()
				.thenComparing((Candidate candidate) -> candidate.listing().publishedAt(), Comparator.reverseOrder()))
			.limit(this.properties.topN())
			.toList();
	}

}
