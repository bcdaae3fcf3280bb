package org.paperlink.platform;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
		Mono<List<T>> items = mongo.find(Query.of(query).with(sort).skip((long) page * size).limit(size), type)
			.<T>map(view::apply)
			.collectList();
		return Mono.zip(items, mongo.count(query, type))
			.map((both) -> new PageResponse<>(both.getT1(), both.getT2(), page, size));
	}

	/**
	 * As {@link #read}, with {@code others}, kept elsewhere and few, merged in: the page
	 * is taken from both in {@code order} (the same as {@code sort}), and the total
	 * counts both. The store is asked for no more of its own than the pages up to this
	 * one.
	 */
	public static <D, T> Mono<PageResponse<T>> readMerged(ReactiveMongoTemplate mongo, Query query, Sort sort,
			Class<D> type, Function<? super D, ? extends T> view, List<T> others, Comparator<? super T> order, int page,
			int size) {
		if (others.isEmpty()) {
			return read(mongo, query, sort, type, view, page, size);
		}
		long upTo = (long) (page + 1) * size;
		Mono<List<T>> first = mongo
			.find(Query.of(query).with(sort).limit((int) Math.min(upTo, Integer.MAX_VALUE)), type)
			.<T>map(view::apply)
			.collectList();
		return Mono.zip(first, mongo.count(query, type)).map((both) -> {
			List<T> merged = new ArrayList<>(both.getT1());
			merged.addAll(others);
			merged.sort(order);
			int from = (int) Math.min((long) page * size, merged.size());
			int to = (int) Math.min(upTo, merged.size());
			return new PageResponse<>(List.copyOf(merged.subList(from, to)), both.getT2() + others.size(), page, size);
		});
	}

}
