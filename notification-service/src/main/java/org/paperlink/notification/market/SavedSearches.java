package org.paperlink.notification.market;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.paperlink.platform.DomainProblem;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Saved searches, one document per category holding every search of that category. A new
 * listing reads the one document of its category by id, never a scan; there are only
 * sixteen categories, so listing a member's own searches reads a handful of documents.
 */
@Service
class SavedSearches {

	static final int MAX_PER_MEMBER = 20;

	private final ReactiveMongoTemplate mongo;

	private final Clock clock;

	SavedSearches(ReactiveMongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	@Document(ByCategory.COLLECTION)
	record ByCategory(@Id String category, List<SavedSearch> searches) {

		static final String COLLECTION = "saved_searches";

		List<SavedSearch> searchesOrEmpty() {
			return (this.searches != null) ? this.searches : List.of();
		}

	}

	Mono<List<SavedSearch>> of(String category) {
		return this.mongo.findById(category, ByCategory.class)
			.map(ByCategory::searchesOrEmpty)
			.defaultIfEmpty(List.of());
	}

	Flux<SavedSearch> ofMember(String memberId) {
		return this.mongo.findAll(ByCategory.class)
			.flatMapIterable(ByCategory::searchesOrEmpty)
			.filter((search) -> search.memberId().equals(memberId))
			.sort(Comparator.comparing(SavedSearch::createdAt));
	}

	/**
	 * How many saved searches a member holds, across the categories' documents: a place
	 * is taken here, atomically, before a search is added, so that requests at once (on
	 * any replica) never pass the limit between them.
	 */
	@Document("saved_search_counts")
	record Count(@Id String memberId, long count, Instant changedAt) {

	}

	/** Far longer than a save takes between taking its place and adding its search. */
	private static final Duration SETTLED = Duration.ofMinutes(1);

	Mono<SavedSearch> save(String memberId, String category, String side, String region, AlertDelivery delivery) {
		SavedSearch search = new SavedSearch(UUID.randomUUID().toString(), memberId, category, side,
				(region != null && !region.isBlank()) ? region.strip() : null, delivery, this.clock.instant());
		return reserve(memberId).flatMap((reserved) -> {
			if (!reserved) {
				return Mono.error(new DomainProblem(HttpStatus.CONFLICT, "too-many-saved-searches", MAX_PER_MEMBER));
			}
			return this.mongo
				.upsert(Query.query(Criteria.where("_id").is(category)), new Update().push("searches", search),
						ByCategory.class)
				.thenReturn(search)
				.onErrorResume((ex) -> release(memberId).then(Mono.error(ex)));
		});
	}

	Mono<Void> delete(String memberId, String id) {
		return ofMember(memberId).filter((search) -> search.searchId().equals(id))
			.next()
			.switchIfEmpty(Mono.error(() -> DomainProblem.notFound("saved-search-not-found", id)))
			.flatMap(
					(search) -> this.mongo.updateFirst(Query.query(Criteria.where("_id").is(search.category())),
							new Update().pull("searches",
									Query.query(Criteria.where("searchId").is(id)).getQueryObject()),
							ByCategory.class))
			// the place is given back only by the request that removed the search
			.flatMap((removed) -> (removed.getModifiedCount() == 1) ? release(memberId) : Mono.empty())
			.then();
	}

	/**
	 * Takes one of the member's places; false when all are taken. All taken is checked
	 * against the searches themselves once: a place taken by a save that died before its
	 * search was added is given back.
	 */
	private Mono<Boolean> reserve(String memberId) {
		return counted(memberId).then(take(memberId))
			.flatMap((taken) -> taken ? Mono.just(true) : recount(memberId).then(take(memberId)));
	}

	private Mono<Boolean> take(String memberId) {
		return this.mongo
			.findAndModify(Query.query(Criteria.where("_id").is(memberId).and("count").lt(MAX_PER_MEMBER)),
					new Update().inc("count", 1).set("changedAt", this.clock.instant()), Count.class)
			.map((before) -> true)
			.defaultIfEmpty(false);
	}

	/**
	 * Sets the count to the searches held, if it is higher and has not changed for a
	 * while (a save in flight has taken its place but not yet added its search).
	 */
	private Mono<Void> recount(String memberId) {
		Instant settled = this.clock.instant().minus(SETTLED);
		return this.mongo.findById(memberId, Count.class)
			.filter((count) -> count.changedAt() == null || count.changedAt().isBefore(settled))
			.zipWith(ofMember(memberId).count())
			.filter((both) -> both.getT2() < both.getT1().count())
			.flatMap((both) -> this.mongo.updateFirst(
					Query.query(Criteria.where("_id").is(memberId).and("count").is(both.getT1().count())),
					new Update().set("count", both.getT2()), Count.class))
			.then();
	}

	private Mono<Void> release(String memberId) {
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(memberId).and("count").gt(0)),
					new Update().inc("count", -1).set("changedAt", this.clock.instant()), Count.class)
			.then();
	}

	/**
	 * The member's count, made once from its saved searches if it has none yet (searches
	 * saved before counts were kept); whoever writes it first wins.
	 */
	private Mono<Void> counted(String memberId) {
		return this.mongo.exists(Query.query(Criteria.where("_id").is(memberId)), Count.class)
			.flatMap((exists) -> exists ? Mono.empty()
					: ofMember(memberId).count()
						.flatMap((held) -> this.mongo.insert(new Count(memberId, held, this.clock.instant())))
						.onErrorResume(DuplicateKeyException.class, (taken) -> Mono.empty())
						.then());
	}

}
