package org.paperlink.alliance.market;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.bson.types.ObjectId;
import org.paperlink.alliance.audit.AuditTrail;
import org.paperlink.alliance.member.MemberDirectory;
import org.paperlink.alliance.member.MemberStatus;
import org.paperlink.alliance.outbox.OutboxCollection;
import org.paperlink.alliance.outbox.OutboxEvents;
import org.paperlink.alliance.outbox.OutboxRelay;
import org.paperlink.alliance.outbox.PendingEvent;
import org.paperlink.events.Category;
import org.paperlink.events.ListingClosed;
import org.paperlink.events.ListingPublished;
import org.paperlink.events.MatchFound;
import org.paperlink.platform.DomainProblem;
import org.paperlink.platform.Role;
import org.paperlink.platform.SignedInUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
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

	private final OutboxEvents outboxEvents;

	private final OutboxRelay relay;

	private final AuditTrail audit;

	private final MemberDirectory directory;

	private final Clock clock;

	ListingService(ReactiveMongoTemplate mongo, OpenListings open, Matchmaker matchmaker, ChainTaxonomy taxonomy,
			MarketProperties properties, OutboxEvents outboxEvents, OutboxRelay relay, AuditTrail audit,
			MemberDirectory directory, Clock clock) {
		this.mongo = mongo;
		this.directory = directory;
		this.audit = audit;
		this.open = open;
		this.matchmaker = matchmaker;
		this.taxonomy = taxonomy;
		this.properties = properties;
		this.outboxEvents = outboxEvents;
		this.relay = relay;
		this.clock = clock;
	}

	Mono<Listing> publish(ListingRequest request, SignedInUser caller) {
		Instant now = this.clock.instant();
		Category category = Category.valueOf(request.category());
		Unit unit = Unit.valueOf(request.unit());
		return check(request, category, unit, today(now)).then(this.directory.enterpriseOf(caller))
			.flatMap((member) -> (member.status() != MemberStatus.ACTIVE)
					? Mono.error(DomainProblem.conflict("listing-member-not-active", member.status()))
					: Mono.just(member))
			.flatMap((member) -> this.open.whenLoaded().then(Mono.fromSupplier(() -> {
				String spec = spec(category, request.spec());
				String region = (request.region() != null && !request.region().isBlank()) ? request.region().strip()
						: member.village();
				OpenListing listing = new OpenListing(new ObjectId().toHexString(), member.id(),
						member.enterpriseName(), Side.valueOf(request.side()), category, spec, request.quantity(), unit,
						request.priceMinYuan(), request.priceMaxYuan(), region, request.validUntil(), now);
				return withMatches(listing, now);
			})))
			.flatMap(this.mongo::insert)
			.doOnNext((listing) -> {
				this.open.put(OpenListing.of(listing));
				this.relay.publishSoon(Listing.COLLECTION, listing.id());
			})
			.flatMap(
					(listing) -> this.audit
						.record("listing.published", "listing", listing.id(), null,
								Map.of("side", listing.side().name(), "category", listing.category().name(), "quantity",
										listing.quantity(), "matches", listing.matchesOrEmpty().size()))
						.thenReturn(listing));
	}

	private Listing withMatches(OpenListing listing, Instant now) {
		List<ListingMatch> matches = new ArrayList<>();
		List<PendingEvent> events = new ArrayList<>();
		events.add(this.outboxEvents.pending(
				new ListingPublished(listing.id(), listing.memberId(), listing.enterpriseName(), listing.side().name(),
						listing.category().name(), listing.spec(), listing.quantity(), listing.unit().name(),
						listing.priceMinYuan(), listing.priceMaxYuan(), listing.region(), listing.validUntil(), now)));
		for (Matchmaker.Candidate candidate : this.matchmaker.counterparts(listing)) {
			OpenListing other = candidate.listing();
			String matchId = new ObjectId().toHexString();
			matches.add(new ListingMatch(matchId, other.id(), other.memberId(), other.enterpriseName(), other.side(),
					other.category(), other.spec(), other.quantity(), other.unit(), other.priceMinYuan(),
					other.priceMaxYuan(), other.region(), candidate.score().score(), candidate.score().factors(), now));
			OpenListing need = (listing.side() == Side.NEED) ? listing : other;
			OpenListing offer = (listing.side() == Side.NEED) ? other : listing;
			events.add(this.outboxEvents.pending(new MatchFound(matchId, need.id(), offer.id(), need.memberId(),
					need.enterpriseName(), offer.memberId(), offer.enterpriseName(), listing.category().name(),
					listing.spec(), candidate.score().score(), listing.id(), now)));
		}
		return new Listing(listing.id(), listing.memberId(), listing.enterpriseName(), listing.side(),
				listing.category(), listing.spec(), listing.quantity(), listing.unit(), listing.priceMinYuan(),
				listing.priceMaxYuan(), listing.region(), listing.validUntil(), Listing.Status.OPEN, now, null, matches,
				0, events);
	}

	private Mono<Void> check(ListingRequest request, Category category, Unit unit, LocalDate today) {
		ChainTaxonomy.Node node = this.taxonomy.node(category);
		if (!node.units().contains(unit)) {
			return Mono.error(DomainProblem.onField(HttpStatus.UNPROCESSABLE_CONTENT, "unit-not-for-category", "unit",
					category.nameZh(), node.units().stream().map(Unit::label).collect(Collectors.joining("、"))));
		}
		if (request.spec() != null && !request.spec().isBlank() && !node.grades().isEmpty()
				&& this.taxonomy.grade(category, request.spec()).isEmpty()) {
			return Mono.error(DomainProblem.onField(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-grade", "spec",
					category.nameZh(), String.join("、", node.grades())));
		}
		if (request.priceMinYuan() != null && request.priceMaxYuan() != null
				&& request.priceMinYuan() > request.priceMaxYuan()) {
			return Mono
				.error(DomainProblem.onField(HttpStatus.UNPROCESSABLE_CONTENT, "price-range-inverted", "priceMinYuan"));
		}
		if (!request.validUntil().isAfter(today)) {
			return Mono.error(
					DomainProblem.onField(HttpStatus.UNPROCESSABLE_CONTENT, "valid-until-past", "validUntil", today));
		}
		if (request.validUntil().isAfter(today.plusYears(1))) {
			return Mono.error(DomainProblem.onField(HttpStatus.UNPROCESSABLE_CONTENT, "valid-until-too-far",
					"validUntil", today.plusYears(1)));
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
			.switchIfEmpty(Mono.error(() -> DomainProblem.notFound("listing-not-found", id)));
	}

	/** A listing its owner manages; anyone else is refused. */
	Mono<Listing> owned(String id, SignedInUser caller) {
		return get(id).flatMap((listing) -> caller.isMember(listing.memberId()) ? Mono.just(listing)
				: Mono.error(DomainProblem.forbidden("not-your-listing")));
	}

	/** The owner and the secretariat see a listing's matches. */
	Mono<Listing> withMatchesFor(String id, SignedInUser caller) {
		return get(id).flatMap((listing) -> (caller.isMember(listing.memberId()) || caller.has(Role.SECRETARIAT))
				? Mono.just(listing) : Mono.error(DomainProblem.forbidden("not-your-listing")));
	}

	Mono<Listing> close(String id, SignedInUser caller) {
		return owned(id, caller).flatMap((listing) -> {
			if (listing.status() != Listing.Status.OPEN) {
				return Mono.error(DomainProblem.conflict("listing-not-open", listing.status()));
			}
			return end(listing.id(), listing.memberId(), Listing.Status.CLOSED)
				.switchIfEmpty(Mono.error(() -> DomainProblem.conflict("listing-not-open", "CLOSED")))
				.flatMap((closed) -> this.audit
					.record("listing.closed", "listing", id, Map.of("status", "OPEN"), Map.of("status", "CLOSED"))
					.thenReturn(closed));
		});
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
			.concatMap((listing) -> end(listing.id(), listing.memberId(), Listing.Status.EXPIRED)
				.doOnSuccess((expired) -> this.open.remove(listing.id())))
			.subscribe((expired) -> log.info("Listing {} expired", expired.id()),
					(ex) -> log.warn("Expiring listings failed, will try again: {}", ex.getMessage()));
	}

	private Mono<Listing> end(String id, String memberId, Listing.Status status) {
		Instant now = this.clock.instant();
		Query stillOpen = Query.query(Criteria.where("_id").is(id).and("status").is(Listing.Status.OPEN));
		Update end = new Update().set("status", status)
			.set("closedAt", now)
			.inc("version", 1)
			.push(OutboxCollection.PENDING_EVENTS,
					this.outboxEvents.pending(new ListingClosed(id, memberId, status.name(), now)));
		return this.mongo.findAndModify(stillOpen, end, FindAndModifyOptions.options().returnNew(true), Listing.class)
			.doOnNext((ended) -> {
				this.open.remove(ended.id());
				this.relay.publishSoon(Listing.COLLECTION, ended.id());
			});
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

	@Configuration(proxyBeanMethods = false)
	static class ListingOutbox {

		@Bean
		OutboxCollection listingOutboxCollection() {
			return new OutboxCollection(Listing.COLLECTION);
		}

	}

}
