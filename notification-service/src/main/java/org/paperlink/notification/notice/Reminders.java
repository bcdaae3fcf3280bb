package org.paperlink.notification.notice;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.paperlink.notification.pipeline.NotificationPipeline;
import org.paperlink.notification.routing.Recipient;
import org.paperlink.notification.routing.Channel;
import org.paperlink.notification.routing.NotificationCategory;
import org.paperlink.notification.routing.PlannedNotification;
import org.paperlink.platform.DomainProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Reminders of notices: a new inbox entry, titled with the notice's title, only to those
 * who have not read it, at most once an hour per notice, on request or automatically when
 * a notice that needs acknowledgement is still unread after its set number of hours.
 */
@Service
class Reminders {

	private static final Logger log = LoggerFactory.getLogger(Reminders.class);

	private static final Duration REMINDER_INTERVAL = Duration.ofHours(1);

	/** Far longer than sending a reminder takes. */
	static final Duration AUTOMATIC_LEASE = Duration.ofMinutes(10);

	private final ReactiveMongoTemplate mongo;

	private final Receipts receipts;

	private final NotificationPipeline pipeline;

	private final Clock clock;

	Reminders(ReactiveMongoTemplate mongo, Receipts receipts, NotificationPipeline pipeline, Clock clock) {
		this.mongo = mongo;
		this.receipts = receipts;
		this.pipeline = pipeline;
		this.clock = clock;
	}

	/**
	 * Reminds those who have not read, unless a reminder went out within the hour.
	 * @return how many were reminded
	 */
	Mono<Integer> remind(String noticeId) {
		Instant now = this.clock.instant();
		return this.receipts.find(noticeId).flatMap((receipts) -> {
			Criteria notRecently = new Criteria().orOperator(Criteria.where("lastReminderAt").is(null),
					Criteria.where("lastReminderAt").lte(now.minus(REMINDER_INTERVAL)));
			Query claim = Query.query(new Criteria().andOperator(Criteria.where("_id").is(noticeId), notRecently));
			return this.mongo
				.findAndModify(claim, new Update().set("lastReminderAt", now).inc("reminders", 1),
						FindAndModifyOptions.options().returnNew(true), NoticeReceipts.class)
				// another reminder went out meanwhile (perhaps a moment ago, at once with
				// this one): its time, read again, says how long to wait
				.switchIfEmpty(Mono
					.defer(() -> this.receipts.find(noticeId).flatMap((fresh) -> Mono.error(tooSoon(fresh, now)))));
		}).flatMap(this::sendReminder);
	}

	/** The automatic reminders that are due; safe on several replicas. */
	@Scheduled(fixedDelayString = "${paperlink.notices.reminder-check:60s}")
	void remindDue() {
		remindDueAt(this.clock.instant()).subscribe((count) -> log.info("Automatic reminder sent to {} members", count),
				(ex) -> log.warn("Automatic reminders failed, will try again: {}", ex.getMessage()));
	}

	/** Sends the automatic reminders due at that time; how many each reached. */
	Flux<Integer> remindDueAt(Instant now) {
		return claimDue(now).concatMap(
				(claimed) -> remind(claimed.receipts().noticeId()).flatMap((count) -> done(claimed).thenReturn(count))
					.onErrorResume((ex) -> postpone(claimed.receipts(), now).then(Mono.empty())));
	}

	/**
	 * Claims the due automatic reminders, each by moving its time on by a lease rather
	 * than clearing it: another replica takes it up only if this one dies before it is
	 * sent.
	 */
	Flux<Claimed> claimDue(Instant now) {
		Instant leasedUntil = now.plus(AUTOMATIC_LEASE);
		return this.mongo.find(Query.query(Criteria.where("remindAt").lte(now)), NoticeReceipts.class)
			.concatMap((receipts) -> this.mongo
				.updateFirst(
						Query.query(
								Criteria.where("_id").is(receipts.noticeId()).and("remindAt").is(receipts.remindAt())),
						new Update().set("remindAt", leasedUntil), NoticeReceipts.class)
				.filter((result) -> result.getModifiedCount() == 1)
				.map((result) -> new Claimed(receipts, leasedUntil)));
	}

	/** Sent: the automatic reminder is no longer due, unless set anew meanwhile. */
	private Mono<Void> done(Claimed claimed) {
		return this.mongo
			.updateFirst(
					Query.query(Criteria.where("_id").is(claimed.receipts().noticeId()))
						.addCriteria(Criteria.where("remindAt").is(claimed.leasedUntil())),
					new Update().unset("remindAt"), NoticeReceipts.class)
			.then();
	}

	record Claimed(NoticeReceipts receipts, Instant leasedUntil) {

	}

	private Mono<Void> postpone(NoticeReceipts receipts, Instant now) {
		Instant next = (receipts.lastReminderAt() != null) ? receipts.lastReminderAt().plus(REMINDER_INTERVAL)
				: now.plus(REMINDER_INTERVAL);
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(receipts.noticeId())), new Update().set("remindAt", next),
					NoticeReceipts.class)
			.then();
	}

	private Mono<Integer> sendReminder(NoticeReceipts receipts) {
		List<String> unread = receipts.unread();
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("title", receipts.title());
		model.put("noticeId", receipts.noticeId());
		boolean urgent = "URGENT".equals(receipts.priority());
		List<PlannedNotification> planned = unread.stream()
			.map((member) -> new PlannedNotification(Recipient.member(member), NotificationCategory.NOTICE,
					"notice.reminder", urgent, false,
					urgent ? List.of(Channel.INBOX, Channel.EMAIL) : List.of(Channel.INBOX), model))
			.toList();
		String reminderId = "notice-reminder:" + receipts.noticeId() + ":" + receipts.reminders();
		return this.pipeline.notify(reminderId, Receipts.NOTICE_REMINDER_TYPE, receipts.noticeId(), planned)
			.thenReturn(unread.size());
	}

	private static DomainProblem tooSoon(NoticeReceipts receipts, Instant now) {
		Instant last = (receipts.lastReminderAt() != null) ? receipts.lastReminderAt() : now;
		Duration wait = Duration.between(now, last.plus(REMINDER_INTERVAL));
		return DomainProblem.tooManyRequests("reminder-too-soon", wait, Math.max(1, (wait.toSeconds() + 59) / 60));
	}

}
