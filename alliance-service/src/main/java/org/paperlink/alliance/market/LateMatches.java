package org.paperlink.alliance.market;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.paperlink.alliance.domain.Change;
import org.paperlink.alliance.outbox.AggregateStore;
import org.paperlink.platform.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Matches no publication found. A publication is matched at once against the replica's
 * open book, but a listing published at the same moment (on another replica, or on this
 * one) is not in that book yet. So every replica, as it reads a listing from the market
 * topic, matches it against its whole book: of the two listings of a pair, the one read
 * second finds the first, whatever replica published either and in whatever order the
 * partitions are read. A pair neither listing's stored matches hold is kept by its need
 * listing, with its {@code match-found} event, through the aggregate store: a need that
 * holds the offer already (another replica was first) refuses it, so the pair is recorded
 * once however many replicas find it, and there is nothing to claim or give back. Both
 * enterprises are then told once, as for any match.
 */
@Component
class LateMatches {

	private static final Logger log = LoggerFactory.getLogger(LateMatches.class);

	private final ReactiveMongoTemplate mongo;

	private final AggregateStore store;

	private final Matchmaker matchmaker;

	private final Clock clock;

	LateMatches(ReactiveMongoTemplate mongo, AggregateStore store, Matchmaker matchmaker, Clock clock) {
		this.mongo = mongo;
		this.store = store;
		this.matchmaker = matchmaker;
		this.clock = clock;
	}

	/**
	 * Finds and records the matches of a listing just read from the market topic with the
	 * open book that neither listing holds yet; how many were recorded. A store error is
	 * passed on: the reader retries the record.
	 */
	Mono<Long> check(OpenListing read) {
		List<Matchmaker.Candidate> candidates = this.matchmaker.counterparts(read);
		if (candidates.isEmpty()) {
			return Mono.just(0L);
		}
		List<String> ids = new ArrayList<>(candidates.stream().map((candidate) -> candidate.listing().id()).toList());
		ids.add(read.id());
		return this.mongo.find(Query.query(Criteria.where("_id").in(ids)), Listing.class)
			.collectMap(Listing::id, Function.identity())
			.flatMapMany((stored) -> Flux.fromIterable(candidates)
				.filter((candidate) -> !matchedAlready(stored, read.id(), candidate.listing().id())))
			.concatMap((candidate) -> record(read, candidate))
			.count();
	}

	/**
	 * Whether either listing's stored matches hold the other, or either is gone or no
	 * longer open (its close may not have reached this replica's book yet).
	 */
	private static boolean matchedAlready(Map<String, Listing> stored, String one, String other) {
		Listing first = stored.get(one);
		Listing second = stored.get(other);
		return first == null || second == null || first.status() != Listing.Status.OPEN
				|| second.status() != Listing.Status.OPEN || first.holds(other) || second.holds(one);
	}

	/**
	 * Keeps the match on the pair's need listing, with its event. A need changed
	 * meanwhile is read again; one that ended or holds the offer already keeps nothing.
	 */
	private Mono<Listing> record(OpenListing read, Matchmaker.Candidate candidate) {
		Instant now = this.clock.instant();
		boolean readIsNeed = read.side() == Side.NEED;
		OpenListing need = readIsNeed ? read : candidate.listing();
		Matchmaker.Found found = (readIsNeed ? candidate : new Matchmaker.Candidate(read, candidate.score()))
			.foundFor(need, now);
		return this.store
			.decide(this.mongo.findById(need.id(), Listing.class),
					(listing) -> Mono.just(listing.matchedLater(found.match(), found.event())))
			.map(Change::state)
			.doOnNext((kept) -> log.info("Late match {} of {} with {} (published at the same moment)",
					found.match().matchId(), need.id(), found.match().listingId()))
			.onErrorResume(Refusal.class, (ended) -> Mono.empty());
	}

}
