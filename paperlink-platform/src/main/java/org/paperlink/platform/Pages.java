package org.paperlink.platform;

import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

/** The one way a list is read a page at a time from the store. */
public final class Pages {

	private Pages() {
	}

	/**
	 * Page {@code page} (from 0) of {@code size} of what {@code query} finds in order
	 * {@code sort}, each shown as {@code view}, with the total across all pages.
	 */
	public static <D, T> Mono<PageResponse<T>> read(ReactiveMongoTemplate mongo, Query query, Sort sort, Class<D> type,
			Function<? super D, ? extends T> view, int page, int size) {
		Mono<java.util.List<T>> items = mongo
			.find(Query.of(query).with(sort).skip((long) page * size).limit(size), type)
			.<T>map(view::apply)
			.collectList();
		return Mono.zip(items, mongo.count(query, type))
			.map((both) -> new PageResponse<>(both.getT1(), both.getT2(), page, size));
	}

}
