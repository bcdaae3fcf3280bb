package org.paperlink.alliance.market;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.paperlink.events.Category;
import org.paperlink.platform.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Every open listing, in memory, by side and category: matching and the listing search
 * read here instead of querying the store, which on the embedded store would scan the
 * whole collection (architecture.md). It is loaded once at start, then kept current by
 * this replica's writes and, for the other replicas' writes, by the market feed.
 */
@Component
class OpenListings {

	private static final Logger log = LoggerFactory.getLogger(OpenListings.class);

	private final Map<String, OpenListing> byId = new ConcurrentHashMap<>();

	private final Map<Side, Map<Category, Map<String, OpenListing>>> bySideAndCategory = new EnumMap<>(Side.class);

	/**
	 * Listings that ended, and when this replica learned it. A listing never reopens, so
	 * its publication arriving late from the market topic (after its close, which this
	 * replica may have written itself) must not put it back. Kept a day, far longer than
	 * the feed lags.
	 */
	private final Map<String, Instant> ended = new ConcurrentHashMap<>();

	private static final Duration ENDED_KEPT = Duration.ofDays(1);

	private final Mono<Void> loaded;

	/** When the store was read for the book (the last try). */
	private volatile Instant loadedAt;

	private static final Duration LOAD_MARGIN = Duration.ofMinutes(1);

	/**
	 * The open listings this replica published since it started: the only ones it looks
	 * at for matches another replica could not have seen ({@link LateMatches}).
	 */
	private final Set<String> publishedHere = ConcurrentHashMap.newKeySet();

	OpenListings(ReactiveMongoTemplate mongo) {
		for (Side side : Side.values()) {
			Map<Category, Map<String, OpenListing>> byCategory = new EnumMap<>(Category.class);
			for (Category category : Category.values()) {
				byCategory.put(category, new ConcurrentHashMap<>());
			}
			this.bySideAndCategory.put(side, byCategory);
		}
		this.loaded = Mono.fromRunnable(() -> this.loadedAt = Instant.now())
			.thenMany(mongo.find(Query.query(Criteria.where("status").is(Listing.Status.OPEN.name())),
					org.bson.Document.class, Listing.COLLECTION))
			// one document that cannot be read must not keep the book (and so every new
			// listing) waiting: it is left out, and said so
			.concatMap((document) -> Mono
				.fromCallable(() -> OpenListing.of(mongo.getConverter().read(Listing.class, document)))
				.onErrorResume((ex) -> {
					log.error("Listing {} cannot be read and is left out of the open listings: {}", document.get("_id"),
							ex.toString());
					return Mono.empty();
				}))
			.doOnNext(this::put)
			.then()
			.doOnSuccess((done) -> log.info("Loaded {} open listings", this.byId.size()))
			.retryWhen(Backoff.of(Duration.ofSeconds(1), Duration.ofSeconds(30)).retries(Long.MAX_VALUE))
			.cache();
	}

	@EventListener(ApplicationReadyEvent.class)
	void load() {
		this.loaded.subscribe();
	}

	/**
	 * Whether the listing was published well before the book was loaded from the store:
	 * if it was open then, the book has it; if the book has it not, it ended before (a
	 * replay of the market topic after a start must not bring it back, closed or
	 * expired). A minute's margin covers the replicas' clocks and a publication being
	 * written while the book was read.
	 */
	boolean predatesLoad(OpenListing listing) {
		Instant at = this.loadedAt;
		return at != null && listing.publishedAt().isBefore(at.minus(LOAD_MARGIN));
	}

	/** Completes once the open listings of the store are in memory. */
	Mono<Void> whenLoaded() {
		return this.loaded;
	}

	synchronized void put(OpenListing listing) {
		if (this.ended.containsKey(listing.id())) {
			return;
		}
		this.byId.put(listing.id(), listing);
		this.bySideAndCategory.get(listing.side()).get(listing.category()).put(listing.id(), listing);
	}

	/** A listing this replica has just published. */
	synchronized void putPublishedHere(OpenListing listing) {
		put(listing);
		if (this.byId.containsKey(listing.id())) {
			this.publishedHere.add(listing.id());
		}
	}

	boolean isPublishedHere(OpenListing listing) {
		return this.publishedHere.contains(listing.id());
	}

	boolean contains(String id) {
		return this.byId.containsKey(id);
	}

	synchronized void remove(String id) {
		this.publishedHere.remove(id);
		Instant now = Instant.now();
		if (this.ended.put(id, now) == null && this.ended.size() % 1024 == 0) {
			this.ended.values().removeIf((at) -> at.isBefore(now.minus(ENDED_KEPT)));
		}
		OpenListing removed = this.byId.remove(id);
		if (removed != null) {
			this.bySideAndCategory.get(removed.side()).get(removed.category()).remove(id);
		}
	}

	Optional<OpenListing> get(String id) {
		return Optional.ofNullable(this.byId.get(id));
	}

	/**
	 * The open listings of a side in one category: a live view, read without a copy
	 * (weakly consistent, as the map it shows).
	 */
	Collection<OpenListing> of(Side side, Category category) {
		return this.bySideAndCategory.get(side).get(category).values();
	}

	Collection<OpenListing> all() {
		return this.byId.values();
	}

	int size() {
		return this.byId.size();
	}

}
