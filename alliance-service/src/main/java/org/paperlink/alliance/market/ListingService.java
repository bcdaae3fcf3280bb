package org.paperlink.alliance.market;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import org.bson.types.ObjectId;
import org.paperlink.alliance.domain.Change;
import org.paperlink.alliance.member.MemberDirectory;
import org.paperlink.alliance.member.MemberStatus;
import org.paperlink.alliance.outbox.AggregateStore;
import org.paperlink.events.AllianceEvent;
import org.paperlink.events.Category;
import org.paperlink.events.ListingPublished;
import org.paperlink.platform.Refusal;
import org.paperlink.platform.Role;
import org.paperlink.platform.SignedInUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Publishing, closing and expiring listings. A publication is matched against the open
 * listings in memory, and the listing, its matches and its events are written in one
 * insert: a listing never exists without the matches it found, nor they without their
 * announcements.
 */
@Service
class ListingService {

	private static final Logger log = LoggerFactory.getLogger(ListingService.class);

	private final ReactiveMongoTemplate mongo;

	private final OpenListings open;

	private final Matchmaker matchmaker;

	private final ChainTaxonomy taxonomy;

	private final MarketProperties properties;

	private final AggregateStore store;

	private final MemberDirectory directory;

	private final Clock clock;

	ListingService(ReactiveMongoTemplate mongo, OpenListings open, Matchmaker matchmaker, ChainTaxonomy taxonomy,
			MarketProperties properties, AggregateStore store, MemberDirectory directory, Clock clock) {
		this.mongo = mongo;
		this.directory = directory;
		this.open = open;
		this.matchmaker = matchmaker;
		this.taxonomy = taxonomy;
		this.properties = properties;
		this.store = store;
		this.clock = clock;
	}

	Mono<Listing> publish(ListingRequest request, SignedInUser caller) {
		Instant now = this.clock.instant();
		Category category = Category.valueOf(request.category());
		Unit unit = Unit.valueOf(request.unit());
		return check(request, category, unit, today(now)).then(this.directory.enterpriseOf(caller))
			.flatMap((member) -> (member.status() != MemberStatus.ACTIVE)
					? Mono.error(Refusal.conflict("listing-member-not-active", member.status())) : Mono.just(member))
			.flatMap((member) -> this.open.whenLoaded().then(Mono.fromSupplier(() -> {
				String spec = spec(category, request.spec());
				String region = (request.region() != null && !request.region().isBlank()) ? request.region().strip()
						: member.village();
				OpenListing listing = new OpenListing(new ObjectId().toHexString(), member.id(),
						member.enterpriseName(), Side.valueOf(request.side()), category, spec, request.quantity(), unit,
						request.priceMinYuan(), request.priceMaxYuan(), region, request.validUntil(), now);
				return withMatches(listing, now);
			})))
			.flatMap((published) -> this.store.insert(published.listing(), published.events()))
			.doOnNext((listing) -> this.open.putPublishedHere(OpenListing.of(listing)));
	}

	/** A new listing, with the matches found when it was published, and their events. */
	private record Published(Listing listing, List<AllianceEvent> events) {

	}

	private Published withMatches(OpenListing listing, Instant now) {
		List<ListingMatch> matches = new ArrayList<>();
		List<AllianceEvent> events = new ArrayList<>();
		events
			.add(new ListingPublished(listing.id(), listing.memberId(), listing.enterpriseName(), listing.side().name(),
					listing.category().name(), listing.spec(), listing.quantity(), listing.unit().name(),
					listing.priceMinYuan(), listing.priceMaxYuan(), listing.region(), listing.validUntil(), now));
		for (Matchmaker.Candidate candidate : this.matchmaker.counterparts(listing)) {
			Matchmaker.Found found = candidate.foundFor(listing, now);
			matches.add(found.match());
			events.add(found.event());
		}
		return new Published(new Listing(listing.id(), listing.memberId(), listing.enterpriseName(), listing.side(),
				listing.category(), listing.spec(), listing.quantity(), listing.unit(), listing.priceMinYuan(),
				listing.priceMaxYuan(), listing.region(), listing.validUntil(), Listing.Status.OPEN, now, null, matches,
				0), events);
	}

	private Mono<Void> check(ListingRequest request, Category category, Unit unit, LocalDate today) {
		ChainTaxonomy.Node node = this.taxonomy.node(category);
		if (!node.units().contains(unit)) {
			return Mono.error(Refusal.invalid("unit-not-for-category", "unit", category.nameZh(),
					node.units().stream().map(Unit::label).collect(Collectors.joining("、"))));
		}
		if (request.spec() != null && !request.spec().isBlank() && !node.grades().isEmpty()
				&& this.taxonomy.grade(category, request.spec()).isEmpty()) {
			return Mono
				.error(Refusal.invalid("unknown-grade", "spec", category.nameZh(), String.join("、", node.grades())));
		}
		if (request.priceMinYuan() != null && request.priceMaxYuan() != null
				&& request.priceMinYuan() > request.priceMaxYuan()) {
			return Mono.error(Refusal.invalid("price-range-inverted", "priceMinYuan"));
		}
		if (!request.validUntil().isAfter(today)) {
			return Mono.error(Refusal.invalid("valid-until-past", "validUntil", today));
		}
		if (request.validUntil().isAfter(today.plusYears(1))) {
			return Mono.error(Refusal.invalid("valid-until-too-far", "validUntil", today.plusYears(1)));
		}
		return Mono.empty();
	}

	/** The spec in the taxonomy's spelling of its grade, or as written. */
	private String spec(Category category, String spec) {
		if (spec == null || spec.isBlank()) {
			return null;
		}
		return this.taxonomy.grade(category, spec).orElse(spec.strip());
	}

	Mono<Listing> get(String id) {
		return this.mongo.findById(id, Listing.class)
			.switchIfEmpty(Mono.error(() -> Refusal.notFound("listing-not-found", id)));
	}

	/** A listing its owner manages; anyone else is refused. */
	Mono<Listing> owned(String id, SignedInUser caller) {
		return get(id).flatMap((listing) -> caller.isMember(listing.memberId()) ? Mono.just(listing)
				: Mono.error(Refusal.forbidden("not-your-listing")));
	}

	/** The owner and the secretariat see a listing's matches. */
	Mono<Listing> withMatchesFor(String id, SignedInUser caller) {
		return get(id).flatMap((listing) -> (caller.isMember(listing.memberId()) || caller.has(Role.SECRETARIAT))
				? Mono.just(listing) : Mono.error(Refusal.forbidden("not-your-listing")));
	}

	Mono<Listing> close(String id, SignedInUser caller) {
		return this.store
			.decide(owned(id, caller), (listing) -> Mono.just(listing.end(Listing.Status.CLOSED, this.clock.instant())))
			.map(Change::state)
			.doOnNext((ended) -> this.open.remove(ended.id()));
	}

	/**
	 * Closes the listings whose last day is over. Several replicas may run this: the
	 * update only applies to a listing still open.
	 */
	@Scheduled(fixedDelayString = "${paperlink.market.expiry-check:1m}")
	void expireDue() {
		LocalDate today = today(this.clock.instant());
		Flux.fromIterable(List.copyOf(this.open.all()))
			.filter((listing) -> !listing.openOn(today))
			.concatMap((listing) -> get(listing.id()).filter((stored) -> stored.status() == Listing.Status.OPEN)
				.flatMap((stored) -> end(stored, Listing.Status.EXPIRED))
				// closed meanwhile, by its owner or another replica
				.onErrorResume(Refusal.class, (lost) -> Mono.empty())
				.doOnSuccess((expired) -> this.open.remove(listing.id())))
			.subscribe((expired) -> log.info("Listing {} expired", expired.id()),
					(ex) -> log.warn("Expiring listings failed, will try again: {}", ex.getMessage()));
	}

	/** Ends a listing that is still open; a listing ended meanwhile is a 409. */
	private Mono<Listing> end(Listing listing, Listing.Status how) {
		return this.store.update(listing, listing.end(how, this.clock.instant()))
			.doOnNext((ended) -> this.open.remove(ended.id()));
	}

	/** Open listings, newest first, by side and category. */
	List<OpenListing> search(Side side, Category category, String memberId) {
		LocalDate today = today(this.clock.instant());
		return this.open.all()
			.stream()
			.filter((listing) -> side == null || listing.side() == side)
			.filter((listing) -> category == null || listing.category() == category)
			.filter((listing) -> memberId == null || listing.memberId().equals(memberId))
			.filter((listing) -> listing.openOn(today))
			.sorted(Comparator.comparing(OpenListing::publishedAt).reversed().thenComparing(OpenListing::id))
			.toList();
	}

	private LocalDate today(Instant now) {
		return LocalDate.ofInstant(now, this.properties.zone());
	}

}
