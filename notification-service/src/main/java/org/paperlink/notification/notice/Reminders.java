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
import org.paperlink.platform.RestoreWindows;
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

	/** When an automatic reminder that failed part-way is tried again. */
	private static final Duration RETRY_UNFINISHED = Duration.ofMinutes(1);

	/**
	 * How long one sending of a reminder holds it: far longer than it takes; a replica
	 * that died sending it leaves it to the next try after this.
	 */
	static final Duration SENDING_LEASE = Duration.ofMinutes(2);

	private final ReactiveMongoTemplate mongo;

	private final Receipts receipts;

	private final NotificationPipeline pipeline;

	private final Clock clock;

	private final RestoreWindows restores;

	Reminders(ReactiveMongoTemplate mongo, Receipts receipts, NotificationPipeline pipeline, Clock clock,
			RestoreWindows restores) {
		this.restores = restores;
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
			if (receipts.hasUnfinishedReminder()) {
				// the last reminder failed part-way: it is sent again, as itself, by
				// whoever takes it up once nobody is sending it
				return claimAgain(receipts, now);
			}
			Criteria notRecently = new Criteria().orOperator(Criteria.where("lastReminderAt").is(null),
					Criteria.where("lastReminderAt").lte(now.minus(REMINDER_INTERVAL)));
			Query claim = Query.query(new Criteria().andOperator(Criteria.where("_id").is(noticeId), notRecently));
			return this.mongo
				.findAndModify(claim,
						new Update().set("lastReminderAt", now)
							.inc("reminders", 1)
							.set("reminderUnfinished", true)
							.set("reminderLeaseUntil", now.plus(SENDING_LEASE)),
						FindAndModifyOptions.options().returnNew(true), NoticeReceipts.class)
				// another reminder went out meanwhile (perhaps a moment ago, at once with
				// this one): its time, read again, says how long to wait
				.switchIfEmpty(Mono
					.defer(() -> this.receipts.find(noticeId).flatMap((fresh) -> Mono.error(tooSoon(fresh, now)))));
		})
			.flatMap((claimed) -> sendReminder(claimed).flatMap((count) -> finished(claimed).thenReturn(count))
				.onErrorResume((ex) -> givenBack(claimed).then(Mono.error(ex))));
	}

	/** Takes up an unfinished reminder unless it is being sent (its lease holds). */
	private Mono<NoticeReceipts> claimAgain(NoticeReceipts unfinished, Instant now) {
		Query free = Query.query(Criteria.where("_id")
			.is(unfinished.noticeId())
			.and("reminders")
			.is(unfinished.reminders())
			.and("reminderUnfinished")
			.is(true)
			.orOperator(Criteria.where("reminderLeaseUntil").is(null), Criteria.where("reminderLeaseUntil").lt(now)));
		return this.mongo
			.findAndModify(free, new Update().set("reminderLeaseUntil", now.plus(SENDING_LEASE)),
					FindAndModifyOptions.options().returnNew(true), NoticeReceipts.class)
			.switchIfEmpty(Mono.defer(() -> Mono.error(tooSoon(unfinished, now))));
	}

	/** A reminder that failed part-way may be taken up again at once. */
	private Mono<Void> givenBack(NoticeReceipts claimed) {
		return this.mongo
			.updateFirst(
					Query.query(Criteria.where("_id").is(claimed.noticeId()))
						.addCriteria(Criteria.where("reminders").is(claimed.reminders())),
					new Update().unset("reminderLeaseUntil"), NoticeReceipts.class)
			.then();
	}

	/** The reminder went out to everyone it was for. */
	private Mono<Void> finished(NoticeReceipts claimed) {
		return this.mongo
			.updateFirst(
					Query.query(Criteria.where("_id").is(claimed.noticeId()))
						.addCriteria(Criteria.where("reminders").is(claimed.reminders())),
					new Update().unset("reminderUnfinished").unset("reminderLeaseUntil"), NoticeReceipts.class)
			.then();
	}

	/** The automatic reminders that are due; safe on several replicas. */
	@Scheduled(fixedDelayString = "${paperlink.notices.reminder-check:60s}")
	void remindDue() {
		remindDueAt(this.clock.instant()).subscribe((count) -> log.info("Automatic reminder sent to {} members", count),
				(ex) -> log.warn("Automatic reminders failed, will try again: {}", ex.getMessage()));
	}

	/**
	 * Sends the automatic reminders due at that time; how many each reached. One due
	 * between a backup and its restore may have gone out before the restore: it is done,
	 * not sent again.
	 */
	Flux<Integer> remindDueAt(Instant now) {
		return this.restores.all()
			.flatMapMany((windows) -> claimDue(now)
				.concatMap((claimed) -> RestoreWindows.Window.of(windows, claimed.receipts().remindAt())
					.map((restored) -> notAgain(claimed, restored))
					.orElseGet(() -> remind(claimed.receipts().noticeId())
						.flatMap((count) -> done(claimed).thenReturn(count))
						.onErrorResume((ex) -> postpone(claimed.receipts(), now).then(Mono.empty())))));
	}

	private Mono<Integer> notAgain(Claimed claimed, RestoreWindows.Window restored) {
		log.warn("Automatic reminder of notice {} not sent: {}", claimed.receipts().noticeId(), restored.reason());
		return done(claimed).then(Mono.empty());
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

	/**
	 * An automatic reminder that failed is tried again: soon if it was claimed and is
	 * unfinished (it goes out as itself), else when the hour since the last one is up.
	 */
	private Mono<Void> postpone(NoticeReceipts receipts, Instant now) {
		Mono<Boolean> unfinished = this.receipts.find(receipts.noticeId())
			.map(NoticeReceipts::hasUnfinishedReminder)
			.defaultIfEmpty(false);
		return unfinished.flatMap((again) -> {
			Instant next = again ? now.plus(RETRY_UNFINISHED) : (receipts.lastReminderAt() != null)
					? receipts.lastReminderAt().plus(REMINDER_INTERVAL) : now.plus(REMINDER_INTERVAL);
			return this.mongo
				.updateFirst(Query.query(Criteria.where("_id").is(receipts.noticeId())),
						new Update().set("remindAt", next), NoticeReceipts.class)
				.then();
		});
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
