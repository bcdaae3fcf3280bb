package org.paperlink.alliance.market;

import java.time.Duration;
import java.util.Map;
import java.time.Instant;
import java.time.LocalDate;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.paperlink.alliance.member.MemberDirectory;
import org.paperlink.events.Category;
import org.paperlink.events.ListingPublished;
import org.paperlink.events.MatchFound;
import org.paperlink.platform.Refusal;
import org.paperlink.platform.BearerTokens;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Flux;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "供需对接 Market")
class FeedController {

	private final MarketFeed feed;

	private final MemberDirectory directory;

	private final ChainTaxonomy taxonomy;

	private final MarketProperties properties;

	private final BearerTokens tokens;

	FeedController(MarketFeed feed, MemberDirectory directory, ChainTaxonomy taxonomy, MarketProperties properties,
			BearerTokens tokens) {
		this.feed = feed;
		this.tokens = tokens;
		this.directory = directory;
		this.taxonomy = taxonomy;
		this.properties = properties;
	}

	@GetMapping(path = "/api/v1/feed", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "供需动态 Live matchmaking feed",
			description = "MEMBER. Server-sent events: `listing` for a new offer of what the enterprise buys (UPSTREAM) or a "
					+ "need for what it sells (DOWNSTREAM); `match` for a new match of its own listings. Starts with the "
					+ "recent backlog; every event's id is a cursor, and a reconnect with Last-Event-ID resumes after it "
					+ "with nothing missed or repeated; a Last-Event-ID older than what the feed still holds gets `resync` "
					+ "(reload what is shown), then the recent backlog. A comment every 15 s keeps proxies from closing the stream. "
					+ "The stream ends when its token expires or is revoked (password or role change, suspension): "
					+ "reconnect with a fresh token.")
	Flux<ServerSentEvent<Object>> feed(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
		FeedCursor after;
		try {
			after = (lastEventId != null) ? FeedCursor.parse(lastEventId) : null;
		}
		catch (IllegalArgumentException ex) {
			return Flux.error(Refusal.malformed("feed-cursor-invalid", "Last-Event-ID"));
		}
		return this.tokens.whileTokenValid(SignedInUser.current()
			.flatMap(this.directory::enterpriseOf)
			.map((member) -> ChainPosition.of(member, this.taxonomy))
			.flatMapMany((position) -> Flux
				.just(ServerSentEvent.builder().comment("connected").retry(Duration.ofSeconds(3)).build())
				.concatWith(this.feed.items((event) -> position.concerns(event, this.taxonomy), after)
					.map((item) -> event(item, position))
					.mergeWith(Flux.interval(this.properties.feed().heartbeat())
						.map((tick) -> ServerSentEvent.builder().comment("heartbeat").build())))));
	}

	private ServerSentEvent<Object> event(FeedItem item, ChainPosition position) {
		if (item == FeedItem.RESYNC) {
			return ServerSentEvent.builder().event("resync").data(Map.of()).build();
		}
		ServerSentEvent.Builder<Object> event = ServerSentEvent.builder().id(item.cursor().text());
		if (item.event() instanceof ListingPublished listing) {
			Category category = Category.valueOf(listing.category());
			return event.event("listing")
				.data(new FeedListing(position.relationTo(listing, this.taxonomy), listing.listingId(),
						listing.memberId(), listing.enterpriseName(), listing.side(), listing.category(),
						category.nameZh(), listing.spec(), listing.quantity(), listing.unit(), listing.priceMinYuan(),
						listing.priceMaxYuan(), listing.region(), listing.validUntil(), listing.publishedAt()))
				.build();
		}
		MatchFound match = (MatchFound) item.event();
		boolean mineIsNeed = position.memberId().equals(match.needMemberId());
		return event.event("match")
			.data(new FeedMatch(match.matchId(), mineIsNeed ? match.needListingId() : match.offerListingId(),
					mineIsNeed ? match.offerListingId() : match.needListingId(),
					mineIsNeed ? match.offerMemberId() : match.needMemberId(),
					mineIsNeed ? match.offerEnterpriseName() : match.needEnterpriseName(), match.category(),
					Category.valueOf(match.category()).nameZh(), match.spec(), match.score(), match.foundAt()))
			.build();
	}

	record FeedListing(ChainPosition.Relation relation, String listingId, String memberId, String enterpriseName,
			String side, String category, String categoryName, String spec, long quantity, String unit,
			Long priceMinYuan, Long priceMaxYuan, String region, LocalDate validUntil, Instant publishedAt) {

	}

	/**
	 * @param listingId the reader's own listing
	 */
	record FeedMatch(String matchId, String listingId, String counterpartListingId, String counterpartMemberId,
			String counterpartEnterpriseName, String category, String categoryName, String spec, double score,
			Instant foundAt) {

	}

}
