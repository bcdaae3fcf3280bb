package org.paperlink.alliance.market;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.paperlink.alliance.outbox.AggregateStore;
import org.paperlink.alliance.outbox.Change;
import org.paperlink.platform.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.stereotype.Component;

/**
 * Matches that two replicas each could not see. A publication is matched at once against
 * the replica's open book; a listing another replica published at the same moment is not
 * in that book yet. So when a replica learns from the market topic of a listing published
 * elsewhere, it matches that listing against the listings it published itself: a pair
 * neither publication found (the other's stored matches do not hold it) is claimed by its
 * need and offer ids, so that only one replica records it however many find it, and is
 * kept by this replica's listing with its {@code match-found} event. Both enterprises are
 * then told once, as for any match.
 */
@Component
class LateMatches {

	private static final Logger log = LoggerFactory.getLogger(LateMatches.class);

	private final ReactiveMongoTemplate mongo;

	private final AggregateStore store;

	private final OpenListings open;

	private final Matchmaker matchmaker;

	private final Clock clock;

	LateMatches(ReactiveMongoTemplate mongo, AggregateStore store, OpenListings open, Matchmaker matchmaker,
			Clock clock) {
		this.mongo = mongo;
		this.store = store;
		this.open = open;
		this.matchmaker = matchmaker;
		this.clock = clock;
	}

	/** One pair's claim: whoever inserts it records the match. */
	@Document("match_claims")
	record Claim(@Id String id, Instant claimedAt) {

	}

	/**
	 * Finds and records the matches of a listing published on another replica with this
	 * replica's own listings that neither publication found; how many were recorded.
	 */
	Mono<Long> check(OpenListing elsewhere) {
		List<Matchmaker.Candidate> mine = this.matchmaker.counterparts(elsewhere, this.open::isPublishedHere);
		if (mine.isEmpty()) {
			return Mono.just(0L);
		}
		return this.mongo.findById(elsewhere.id(), Listing.class)
			.flatMapMany(
					(stored) -> Flux.fromIterable(mine).filter((candidate) -> !stored.holds(candidate.listing().id())))
			.concatMap((candidate) -> claim(elsewhere, candidate.listing()).filter(Boolean::booleanValue)
				.flatMap((claimed) -> record(candidate, elsewhere)))
			.count();
	}

	private Mono<Boolean> claim(OpenListing one, OpenListing other) {
		OpenListing need = (one.side() == Side.NEED) ? one : other;
		OpenListing offer = (one.side() == Side.NEED) ? other : one;
		return this.mongo.insert(new Claim(need.id() + ":" + offer.id(), this.clock.instant()))
			.thenReturn(true)
			.onErrorResume(DuplicateKeyException.class, (taken) -> Mono.just(false));
	}

	/**
	 * Keeps the match on this replica's listing, with its event. A listing changed
	 * meanwhile is read again; one that ended or holds the pair already keeps nothing.
	 */
	private Mono<Listing> record(Matchmaker.Candidate mine, OpenListing elsewhere) {
		Instant now = this.clock.instant();
		OpenListing holder = mine.listing();
		Matchmaker.Found found = new Matchmaker.Candidate(elsewhere, mine.score()).foundFor(holder, now);
		return this.store
			.decide(this.mongo.findById(holder.id(), Listing.class),
					(listing) -> Mono.just(listing.matchedLater(found.match(), found.event())))
			.map(Change::state)
			.doOnNext((kept) -> log.info("Late match {} of {} with {} (published on two replicas at once)",
					found.match().matchId(), holder.id(), elsewhere.id()))
			.onErrorResume(Refusal.class, (ended) -> Mono.empty());
	}

}
