package org.paperlink.alliance.market;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

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

	}

	List<Candidate> counterparts(OpenListing listing) {
		Instant now = this.clock.instant();
		LocalDate today = LocalDate.ofInstant(now, this.properties.zone());
		return this.open.of(listing.side().other(), this.taxonomy.compatible(listing.category()))
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
