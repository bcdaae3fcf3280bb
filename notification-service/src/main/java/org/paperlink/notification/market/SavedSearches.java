package org.paperlink.notification.market;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.paperlink.platform.DomainProblem;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

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

	Mono<SavedSearch> save(String memberId, String category, String side, String region, AlertDelivery delivery) {
		SavedSearch search = new SavedSearch(UUID.randomUUID().toString(), memberId, category, side,
				(region != null && !region.isBlank()) ? region.strip() : null, delivery, this.clock.instant());
		return ofMember(memberId).count().flatMap((count) -> {
			if (count >= MAX_PER_MEMBER) {
				return Mono.error(new DomainProblem(HttpStatus.CONFLICT, "too-many-saved-searches", MAX_PER_MEMBER));
			}
			return this.mongo
				.upsert(Query.query(Criteria.where("_id").is(category)), new Update().push("searches", search),
						ByCategory.class)
				.thenReturn(search);
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
			.then();
	}

}
