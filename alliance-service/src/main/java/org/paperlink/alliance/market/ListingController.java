package org.paperlink.alliance.market;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.paperlink.alliance.member.Contact;
import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.MemberRepository;
import org.paperlink.events.Category;
import org.paperlink.platform.KnownCode;
import org.paperlink.platform.PageResponse;
import org.paperlink.platform.Problems;
import org.paperlink.platform.RequestLanguage;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

@RestController
@Validated
@Tag(name = "供需对接 Market")
class ListingController {

	private final ListingService listings;

	private final OpenListings open;

	private final MemberRepository members;

	private final MessageSource messages;

	private final ListingMatches matches;

	ListingController(ListingService listings, OpenListings open, MemberRepository members, MessageSource messages,
			ListingMatches matches) {
		this.listings = listings;
		this.matches = matches;
		this.open = open;
		this.members = members;
		this.messages = messages;
	}

	@PostMapping("/api/v1/listings")
	@ResponseStatus(HttpStatus.CREATED)
	@Problems({ HttpStatus.UNPROCESSABLE_ENTITY })
	@Operation(operationId = "publishListing", summary = "发布供应或求购 Post an offer or a need",
			description = "MEMBER. Matched at once against the open listings on the other side; the matches above the "
					+ "threshold are stored and announced as market.match-found.")
	Mono<ResponseEntity<ListingView>> publish(@Valid @RequestBody ListingRequest request) {
		return SignedInUser.current()
			.flatMap((caller) -> this.listings.publish(request, caller))
			.map((listing) -> ResponseEntity.created(URI.create("/api/v1/listings/" + listing.id()))
				.body(ListingView.of(listing, listing.matchesOrEmpty().size())));
	}

	@GetMapping("/api/v1/listings")
	@Operation(operationId = "searchListings", summary = "挂牌列表 Open listings",
			description = "Open listings, newest first, by side and category; mine=true for the caller's own.")
	Mono<PageResponse<ListingView>> search(@RequestParam(required = false) @KnownCode(Side.class) String side,
			@RequestParam(required = false) @KnownCode(Category.class) String category,
			@RequestParam(defaultValue = "false") boolean mine, @RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
		return SignedInUser.current().flatMap((caller) -> this.open.whenLoaded().then(Mono.fromSupplier(() -> {
			List<OpenListing> found = this.listings.search((side != null) ? Side.valueOf(side) : null,
					(category != null) ? Category.valueOf(category) : null, mine ? caller.memberId() : null);
			List<ListingView> items = found.stream().skip((long) page * size).limit(size).map(ListingView::of).toList();
			return new PageResponse<>(items, found.size(), page, size);
		})));
	}

	@GetMapping("/api/v1/listings/{id}")
	@Operation(operationId = "getListing", summary = "挂牌详情 One listing")
	Mono<ListingView> get(@PathVariable String id) {
		return SignedInUser.current()
			.flatMap((caller) -> this.listings.get(id)
				.flatMap((listing) -> caller.isMember(listing.memberId()) ? forOwner(listing)
						: Mono.just(ListingView.of(listing, null))));
	}

	@PostMapping("/api/v1/listings/{id}/close")
	@Problems({ HttpStatus.CONFLICT })
	@Operation(summary = "关闭挂牌 Close a listing", description = "Its owner only.")
	Mono<ListingView> close(@PathVariable String id) {
		return SignedInUser.current().flatMap((caller) -> this.listings.close(id, caller)).flatMap(this::forOwner);
	}

	private Mono<ListingView> forOwner(Listing listing) {
		return this.matches.of(listing).map((all) -> ListingView.of(listing, all.size()));
	}

	@GetMapping("/api/v1/listings/{id}/matches")
	@Operation(summary = "匹配结果 Matches of a listing",
			description = "Its owner or the secretariat. Ranked by score, each factor explained, with the counterpart's "
					+ "contact details: a match is what makes them visible.")
	Mono<PageResponse<MatchView>> matches(@PathVariable String id, ServerWebExchange exchange) {
		Locale locale = RequestLanguage.of(exchange);
		return SignedInUser.current()
			.flatMap((caller) -> this.listings.withMatchesFor(id, caller))
			.flatMap(this.matches::of)
			.flatMap((ranked) -> Flux.fromIterable(ranked)
				.map(ListingMatch::memberId)
				.distinct()
				.flatMap((memberId) -> this.members.findById(memberId))
				.collectMap(Member::id, Member::contact)
				.map((contacts) -> views(ranked, contacts, locale)));
	}

	private PageResponse<MatchView> views(List<ListingMatch> ranked, Map<String, Contact> contacts, Locale locale) {
		List<MatchView> items = ranked.stream()
			.map((match) -> MatchView.of(match, this.open.get(match.listingId()).isPresent(),
					contacts.get(match.memberId()), this.messages, locale))
			.toList();
		return new PageResponse<>(items, items.size(), 0, items.size());
	}

}
