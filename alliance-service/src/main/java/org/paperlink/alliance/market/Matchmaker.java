package org.paperlink.alliance.market;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;

import org.bson.types.ObjectId;
import org.paperlink.events.Category;
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
	 * Best first: the higher score, then the newer listing, then the id (so that equal
	 * candidates come in the same order every time).
	 */
	private static final Comparator<Candidate> BEST_FIRST = Comparator
		.comparingDouble((Candidate candidate) -> candidate.score().score())
		.reversed()
		.thenComparing((Candidate candidate) -> candidate.listing().publishedAt(), Comparator.reverseOrder())
		.thenComparing((Candidate candidate) -> candidate.listing().id());

	/**
	 * The best open counterparts of the listing among some listings, above the threshold.
	 * Tens of thousands of listings may be open on the other side: they are scored in one
	 * pass that keeps only the best {@code topN} (a heap with the worst of them on top),
	 * not sorted all.
	 */
	List<Candidate> counterparts(OpenListing listing, Predicate<OpenListing> among) {
		int topN = this.properties.topN();
		if (topN <= 0) {
			return List.of();
		}
		Instant now = this.clock.instant();
		LocalDate today = LocalDate.ofInstant(now, this.properties.zone());
		PriorityQueue<Candidate> best = new PriorityQueue<>(topN + 1, BEST_FIRST.reversed());
		for (Category category : this.taxonomy.compatible(listing.category())) {
			for (OpenListing other : this.open.of(listing.side().other(), category)) {
				if (other.unit() != listing.unit() || !other.openOn(today)
						|| other.memberId().equals(listing.memberId()) || !among.test(other)) {
					continue;
				}
				MatchScore score = MatchScore.of(listing, other, this.taxonomy, this.properties.weights(), now);
				// a full heap keeps a lower score out at the cost of one comparison; an
				// equal one goes in, and the order decides which of the two stays
				if (score.score() < this.properties.threshold()
						|| (best.size() == topN && score.score() < best.peek().score().score())) {
					continue;
				}
				best.add(new Candidate(other, score));
				if (best.size() > topN) {
					best.poll();
				}
			}
		}
		List<Candidate> chosen = new ArrayList<>(best);
		chosen.sort(BEST_FIRST);
		return chosen;
	}

}
