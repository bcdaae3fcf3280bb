package org.paperlink.alliance.market;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.paperlink.alliance.outbox.PendingEvent;
import org.paperlink.events.EventType;
import org.paperlink.events.MatchFound;
import org.paperlink.platform.NewDocuments;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * A listing's matches. Those found when it was published are written with it; those found
 * later, when a counterpart is published, are records of their own, derived from the
 * counterpart's {@code match-found} event (by match and listing, so a second run writes
 * nothing). The relay writes them in the batch that publishes the event, just after the
 * send, so that {@code match-found} waits for no write; no listing document grows with
 * its counterparts.
 */
@Component
public class ListingMatches {

	private final ReactiveMongoTemplate mongo;

	private final JsonMapper json;

	ListingMatches(ReactiveMongoTemplate mongo, JsonMapper json) {
		this.mongo = mongo;
		this.json = json;
	}

	/** Every match of a listing, best first. */
	Mono<List<ListingMatch>> of(Listing listing) {
		return this.mongo.find(Query.query(Criteria.where("listingId").is(listing.id())), CounterpartMatch.class)
			.map(CounterpartMatch::match)
			.collectList()
			.map((later) -> {
				List<ListingMatch> all = new ArrayList<>(listing.matchesOrEmpty());
				later.stream()
					.filter((match) -> all.stream().noneMatch((known) -> known.matchId().equals(match.matchId())))
					.forEach(all::add);
				all.sort(Comparator.comparingDouble(ListingMatch::score).reversed());
				return all;
			});
	}

	/** Records the counterparts' side of the relay's {@code match-found} events. */
	public Mono<Void> project(List<PendingEvent> matchesFound) {
		Map<String, List<MatchFound>> byTrigger = matchesFound.stream()
			.map((event) -> (MatchFound) EventType.MATCH_FOUND.read(this.json, event.payload()))
			.filter((match) -> match.triggeredBy() != null)
			.collect(Collectors.groupingBy(MatchFound::triggeredBy, LinkedHashMap::new, Collectors.toList()));
		// one read of each listing that found matches, however many it found
		return Flux.fromIterable(byTrigger.entrySet())
			.concatMap((found) -> this.mongo.findById(found.getKey(), Listing.class)
				.flatMapIterable((trigger) -> found.getValue()
					.stream()
					.flatMap((match) -> seenFromCounterpart(trigger, match).stream())
					.toList()))
			.collectList()
			.flatMap((records) -> NewDocuments.insert(this.mongo, this.mongo.getCollectionName(CounterpartMatch.class),
					records, CounterpartMatch::id))
			.then();
	}

	/** The match as its counterpart's owner sees it: the listing that found it. */
	private static Optional<CounterpartMatch> seenFromCounterpart(Listing trigger, MatchFound match) {
		String counterpartId = match.triggeredBy().equals(match.needListingId()) ? match.offerListingId()
				: match.needListingId();
		return trigger.matchesOrEmpty()
			.stream()
			.filter((found) -> found.matchId().equals(match.matchId()))
			.findFirst()
			.map((found) -> new CounterpartMatch(match.matchId() + ":" + counterpartId, counterpartId,
					new ListingMatch(match.matchId(), trigger.id(), trigger.memberId(), trigger.enterpriseName(),
							trigger.side(), trigger.category(), trigger.spec(), trigger.quantity(), trigger.unit(),
							trigger.priceMinYuan(), trigger.priceMaxYuan(), trigger.region(), found.score(),
							found.factors(), match.foundAt())));
	}

	record CounterpartMatch(@Id String id, @Indexed String listingId, ListingMatch match) {

	}

}
