package org.paperlink.notification.market;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.paperlink.events.ListingPublished;
import org.paperlink.notification.rendering.Renderer;
import org.paperlink.notification.routing.Channel;
import org.paperlink.notification.routing.NotificationCategory;
import org.paperlink.notification.routing.PlannedNotification;
import org.paperlink.notification.routing.Recipient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * A new listing against the saved searches of its category: those wanting alerts at once
 * are notified now; those wanting a daily digest get the listing added to the day's
 * digest document, keyed so that a redelivered event adds it once.
 */
@Component
public class SavedSearchAlerts {

	static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	private final SavedSearches searches;

	private final ReactiveMongoTemplate mongo;

	private final Renderer renderer;

	private final Clock clock;

	SavedSearchAlerts(SavedSearches searches, ReactiveMongoTemplate mongo, Renderer renderer, Clock clock) {
		this.searches = searches;
		this.mongo = mongo;
		this.renderer = renderer;
		this.clock = clock;
	}

	/**
	 * The members whose saved searches the new listing fits: now, or in tomorrow's
	 * digest.
	 */
	public Mono<List<PlannedNotification>> plan(ListingPublished listing) {
		return this.searches.of(listing.category()).flatMap((searches) -> {
			List<SavedSearch> fitting = searches.stream()
				.filter((search) -> search.fits(listing.memberId(), listing.side(), listing.region()))
				.toList();
			List<PlannedNotification> instant = new ArrayList<>();
			List<String> daily = new ArrayList<>();
			for (SavedSearch search : fitting) {
				if (search.delivery() == AlertDelivery.INSTANT && instant.stream()
					.noneMatch((planned) -> planned.recipient().equals(Recipient.member(search.memberId())))) {
					instant
						.add(new PlannedNotification(Recipient.member(search.memberId()), NotificationCategory.MARKET,
								"market.saved-search", false, false, List.of(Channel.INBOX), listing));
				}
				if (search.delivery() == AlertDelivery.DAILY && !daily.contains(search.memberId())) {
					daily.add(search.memberId());
				}
			}
			return Flux.fromIterable(daily)
				.concatMap((memberId) -> addToDigest(memberId, listing))
				.then(Mono.just(instant));
		});
	}

	private Mono<Void> addToDigest(String memberId, ListingPublished listing) {
		LocalDate day = LocalDate.ofInstant(this.clock.instant(), ZONE);
		return this.mongo
			.upsert(Query.query(Criteria.where("_id").is(day.toString())),
					new Update().addToSet("members." + memberId, listing.listingId())
						.set("day", day.toString())
						.setOnInsert("createdAt", this.clock.instant()),
					SavedSearchDigest.Day.class)
			.then(this.mongo.upsert(Query.query(Criteria.where("_id").is(listing.listingId())),
					new Update().set("listing", this.renderer.fields(listing)).set("caughtAt", this.clock.instant()),
					SavedSearchDigest.Listed.class))
			.then();
	}

}
