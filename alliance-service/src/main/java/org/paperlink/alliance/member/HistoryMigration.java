package org.paperlink.alliance.member;

import java.util.List;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Moves the capacity history that earlier releases kept inside each member document
 * ({@code capacityHistory}) into records of its own ({@link CapacityEntry}), then removes
 * the array. It runs at start-up, before anything is served, and again on every start: a
 * member already moved has no array, a record already written is kept, so replicas
 * starting together, or a start interrupted half-way, do no harm.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class HistoryMigration implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(HistoryMigration.class);

	static final String LEGACY_HISTORY = "capacityHistory";

	private final ReactiveMongoTemplate mongo;

	HistoryMigration(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	@Override
	public void run(ApplicationArguments args) {
		Long moved = migrate().block();
		if (moved != null && moved > 0) {
			log.info("Moved {} capacity reports out of member documents", moved);
		}
	}

	/** Moves every member's embedded history; returns how many reports it wrote. */
	Mono<Long> migrate() {
		return this.mongo
			.find(Query.query(Criteria.where(LEGACY_HISTORY).exists(true)), Document.class, Member.COLLECTION)
			.concatMap(this::moveHistory)
			.reduce(0L, Long::sum);
	}

	private Mono<Long> moveHistory(Document member) {
		String memberId = member.get("_id").toString();
		List<Document> history = member.getList(LEGACY_HISTORY, Document.class, List.of());
		return Flux.fromIterable(history)
			.concatMap((entry) -> this.mongo.insert(entry(memberId, entry))
				.thenReturn(1L)
				.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.just(0L)))
			.reduce(0L, Long::sum)
			// only the reports just moved: one an older replica adds meanwhile stays, for
			// the next start
			.flatMap((written) -> this.mongo
				.updateFirst(Query.query(Criteria.where("_id").is(member.get("_id"))),
						new Update().pull(LEGACY_HISTORY,
								new Document("reportId", new Document("$in", reportIds(history)))),
						Member.COLLECTION)
				.then(this.mongo.updateFirst(
						Query.query(Criteria.where("_id").is(member.get("_id")).and(LEGACY_HISTORY).size(0)),
						new Update().unset(LEGACY_HISTORY), Member.COLLECTION))
				.thenReturn(written));
	}

	private static List<Object> reportIds(List<Document> history) {
		return history.stream().map((entry) -> entry.get("reportId")).toList();
	}

	/**
	 * Read as the release that wrote it did (same converters, so dates come back the
	 * same); the embedded entry had its id in {@code reportId} and no member.
	 */
	private CapacityEntry entry(String memberId, Document embedded) {
		Document record = new Document(embedded);
		record.put("_id", embedded.get("reportId"));
		return this.mongo.getConverter().read(CapacityEntry.class, record).ofMember(memberId);
	}

}
