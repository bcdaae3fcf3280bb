package org.paperlink.platform;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.Document;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

/**
 * The one way documents with derived ids are written once: all of them in one unordered
 * insert, no read first. A document whose id is there already (a redelivered event, a
 * replica that wrote it first) is left as it is and named in the answer; every other one
 * is written.
 */
public final class NewDocuments {

	/** MongoDB's code for a duplicate key. */
	private static final int DUPLICATE_KEY = 11000;

	private NewDocuments() {
	}

	/**
	 * Inserts {@code documents} into {@code collection}, mapped as the template maps
	 * them.
	 * @return the ids (by {@code id}) of those that were there already
	 */
	public static <T> Mono<Set<String>> insert(ReactiveMongoTemplate mongo, String collection, List<T> documents,
			Function<? super T, String> id) {
		if (documents.isEmpty()) {
			return Mono.just(Set.of());
		}
		List<Document> mapped = documents.stream().map((document) -> {
			Document written = new Document();
			mongo.getConverter().write(document, written);
			return written;
		}).toList();
		return mongo.getCollection(collection)
			.flatMap((target) -> Mono.from(target.insertMany(mapped, new InsertManyOptions().ordered(false))))
			.thenReturn(Set.<String>of())
			.onErrorResume(MongoBulkWriteException.class, (ex) -> {
				Set<String> known = new HashSet<>();
				for (BulkWriteError error : ex.getWriteErrors()) {
					if (error.getCode() != DUPLICATE_KEY) {
						return Mono.error(ex);
					}
					known.add(id.apply(documents.get(error.getIndex())));
				}
				return Mono.just(known);
			});
	}

}
