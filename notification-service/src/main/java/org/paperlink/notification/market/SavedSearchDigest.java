package org.paperlink.notification.market;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.paperlink.notification.pipeline.NotificationPipeline;
import org.paperlink.notification.digest.DigestSchedule;
import org.paperlink.notification.digest.OncePerDay;
import org.paperlink.notification.routing.Recipient;
import org.paperlink.notification.rendering.Renderer;
import org.paperlink.notification.routing.Channel;
import org.paperlink.notification.routing.NotificationCategory;
import org.paperlink.notification.routing.PlannedNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Each morning, every member whose daily saved searches caught listings the day before
 * gets one inbox entry listing them; a morning's run that did not happen or did not
 * finish is caught up ({@link DigestSchedule}). One document per day says who gets what;
 * the listings themselves are kept once each.
 */
@Component
class SavedSearchDigest {

	private static final Logger log = LoggerFactory.getLogger(SavedSearchDigest.class);

	static final String EVENT_TYPE = "org.paperlink.digest.saved-searches.v1";

	private final ReactiveMongoTemplate mongo;

	private final NotificationPipeline pipeline;

	private final OncePerDay once;

	private final Renderer renderer;

	private final Clock clock;

	private final DigestSchedule schedule;

	SavedSearchDigest(ReactiveMongoTemplate mongo, NotificationPipeline pipeline, OncePerDay once, Renderer renderer,
			Clock clock, DigestSchedule schedule) {
		this.schedule = schedule;
		this.mongo = mongo;
		this.pipeline = pipeline;
		this.once = once;
		this.renderer = renderer;
		this.clock = clock;
	}

	/** Who is to hear of which listings, for one day. */
	@Document("saved_search_days")
	record Day(@Id String id, String day, Map<String, List<String>> members, Instant createdAt) {

	}

	/** A listing caught by a daily saved search, as its templates show it. */
	@Document("saved_search_listings")
	record Listed(@Id String id, Map<String, Object> listing, Instant caughtAt) {

	}

	@Scheduled(cron = "${paperlink.digest.cron:0 0 8 * * *}", zone = "Asia/Shanghai")
	void scheduled() {
		send(LocalDate.now(this.clock.withZone(SavedSearchAlerts.ZONE)).minusDays(1)).subscribe(
				(sent) -> log.info("Saved-search digests sent: {}", sent),
				(ex) -> log.error("Saved-search digests failed; the catch-up tries again", ex));
	}

	/**
	 * The morning's run when 08:00 passed without it (every replica down, an error, a
	 * replica killed part-way): tried every few minutes, done once.
	 */
	@Scheduled(initialDelayString = "${paperlink.digest.catch-up:10m}",
			fixedDelayString = "${paperlink.digest.catch-up:10m}")
	void scheduledCatchUp() {
		catchUp(ZonedDateTime.now(this.clock)).filter((sent) -> sent > 0)
			.subscribe((sent) -> log.info("Saved-search digests caught up: {}", sent),
					(ex) -> log.error("Saved-search digest catch-up failed; it tries again", ex));
	}

	/**
	 * Sends the digests of the day before the one whose run is due at {@code now}, unless
	 * they went out already; how many this call sent.
	 */
	Mono<Integer> catchUp(ZonedDateTime now) {
		return this.schedule.dueDay(now).map((day) -> send(day.minusDays(1))).orElse(Mono.just(0));
	}

	/** Sends the digests of the listings caught on that day, once; how many were sent. */
	Mono<Integer> send(LocalDate day) {
		String eventId = "saved-search-digest:" + day;
		return this.once.run(eventId, this.schedule.dueAt(day.plusDays(1)),
				this.mongo.findById(day.toString(), Day.class)
					.flatMap((found) -> Flux.fromIterable(found.members().entrySet())
						.concatMap((member) -> digest(day, member.getKey(), member.getValue()))
						.collectList())
					.flatMap((planned) -> this.pipeline.notify(eventId, EVENT_TYPE, day.toString(), planned)
						.thenReturn(planned.size())))
			.defaultIfEmpty(0);
	}

	private Mono<PlannedNotification> digest(LocalDate day, String memberId, List<String> listingIds) {
		return Flux.fromIterable(listingIds)
			.concatMap((id) -> this.mongo.findById(id, Listed.class))
			.map((listed) -> this.renderer.model(listed.listing(), false))
			.collectList()
			.map((listings) -> {
				Map<String, Object> model = new LinkedHashMap<>();
				model.put("date", day.toString());
				model.put("count", listings.size());
				model.put("listings", listings);
				return new PlannedNotification(Recipient.member(memberId), NotificationCategory.MARKET,
						"market.saved-search-digest", false, false, List.of(Channel.INBOX, Channel.EMAIL), model);
			});
	}

}
