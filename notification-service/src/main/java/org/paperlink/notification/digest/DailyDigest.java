package org.paperlink.notification.digest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.paperlink.notification.pipeline.NotificationPipeline;
import org.paperlink.notification.inbox.InboxEntry;
import org.paperlink.notification.routing.Recipient;
import org.paperlink.notification.routing.Channel;
import org.paperlink.notification.routing.NotificationCategory;
import org.paperlink.notification.routing.PlannedNotification;
import org.paperlink.platform.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The Party committee's daily digest of the last 24 hours. However many replicas run, it
 * goes out once a day ({@link OncePerDay}); a day whose digest is not out by its time
 * (the service was down at 08:00, or sending failed) is caught up within the catch-up
 * interval.
 */
@Component
public class DailyDigest {

	private static final Logger log = LoggerFactory.getLogger(DailyDigest.class);

	public static final String EVENT_TYPE = "org.paperlink.digest.daily.v1";

	private static final ZoneId ZONE = DigestSchedule.ZONE;

	private final ReactiveMongoTemplate mongo;

	private final NotificationPipeline pipeline;

	private final OncePerDay once;

	private final Clock clock;

	private final DigestSchedule schedule;

	DailyDigest(ReactiveMongoTemplate mongo, NotificationPipeline pipeline, OncePerDay once, Clock clock,
			DigestSchedule schedule) {
		this.schedule = schedule;
		this.mongo = mongo;
		this.once = once;
		this.pipeline = pipeline;
		this.clock = clock;
	}

	@Scheduled(cron = "${paperlink.digest.cron:0 0 8 * * *}", zone = "Asia/Shanghai")
	void scheduled() {
		send(LocalDate.now(this.clock.withZone(ZONE))).subscribe((sent) -> log.info("Daily digest sent: {}", sent),
				(ex) -> log.error("Daily digest failed; the catch-up tries again", ex));
	}

	/** Sends today's digest if its time has passed and it is not out yet. */
	@Scheduled(initialDelayString = "${paperlink.digest.catch-up:10m}",
			fixedDelayString = "${paperlink.digest.catch-up:10m}")
	void catchUp() {
		this.schedule.dueDay(ZonedDateTime.now(this.clock))
			.ifPresent((day) -> send(day).filter(Boolean::booleanValue)
				.subscribe((sent) -> log.info("Daily digest of {} caught up", day),
						(ex) -> log.error("Daily digest catch-up failed; it tries again", ex)));
	}

	/**
	 * Sends the digest of the day, unless it was sent already or is being sent; true when
	 * this call sent it.
	 */
	public Mono<Boolean> send(LocalDate day) {
		String eventId = "daily-digest:" + day;
		return this.once.run(eventId, this.schedule.dueAt(day),
				compose(day)
					.flatMap((planned) -> this.pipeline.notify(eventId, EVENT_TYPE, day.toString(), List.of(planned))
						.thenReturn(true)))
			.defaultIfEmpty(false);
	}

	private Mono<PlannedNotification> compose(LocalDate day) {
		Recipient party = Recipient.role(Role.PARTY_COMMITTEE);
		Instant since = this.clock.instant().minus(Duration.ofHours(24));
		Query recent = Query.query(Criteria.where("recipient").is(party.key()).and("createdAt").gte(since));
		Query unread = Query.query(Criteria.where("recipient").is(party.key()).and("read").is(false));
		return Mono
			.zip(this.mongo.find(recent, InboxEntry.class).collectList(), this.mongo.count(unread, InboxEntry.class))
			.map((both) -> {
				List<InboxEntry> entries = both.getT1();
				Map<String, Object> model = new LinkedHashMap<>();
				model.put("date", day.toString());
				model.put("capacityChanges", count(entries, "org.paperlink.capacity."));
				model.put("projectMilestones", count(entries, "org.paperlink.renovation."));
				model.put("registrations", count(entries, "org.paperlink.member.registered"));
				model.put("notices", count(entries, "org.paperlink.notice."));
				model.put("unread", both.getT2());
				model.put("urgent", entries.stream().filter(InboxEntry::urgent).map(InboxEntry::title).toList());
				return new PlannedNotification(party, NotificationCategory.DIGEST, "digest.daily", false, false,
						List.of(Channel.INBOX, Channel.EMAIL), model);
			});
	}

	private static long count(List<InboxEntry> entries, String typePrefix) {
		return entries.stream().filter((entry) -> entry.eventType().startsWith(typePrefix)).count();
	}

}
