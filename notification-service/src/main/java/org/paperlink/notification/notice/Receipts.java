package org.paperlink.notification.notice;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.paperlink.events.AllianceEvent;
import org.paperlink.events.NoticePublished;
import org.paperlink.notification.consumer.EventPreparation;
import org.paperlink.notification.consumer.NotificationPipeline;
import org.paperlink.notification.inbox.InboxItem;
import org.paperlink.notification.inbox.ReadHook;
import org.paperlink.notification.inbox.Recipient;
import org.paperlink.notification.routing.PlannedNotification;
import org.paperlink.platform.DomainProblem;
import org.paperlink.platform.Role;
import org.paperlink.platform.SignedInUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Read receipts and reminders of notices. Receipts are exact: a member's first read is
 * set only if absent, in one guarded update, so reading twice or on two devices at once
 * counts once. Reminders go only to those who have not read, at most once an hour per
 * notice.
 */
@Service
class Receipts implements ReadHook, EventPreparation {

	private static final Logger log = LoggerFactory.getLogger(Receipts.class);

	static final String NOTICE_PUBLISHED = "org.paperlink.notice.published.v1";

	static final String NOTICE_REMINDER = "org.paperlink.notice.reminder.v1";

	private static final Duration REMINDER_INTERVAL = Duration.ofHours(1);

	private final ReactiveMongoTemplate mongo;

	private final NotificationPipeline pipeline;

	private final Clock clock;

	Receipts(ReactiveMongoTemplate mongo, NotificationPipeline pipeline, Clock clock) {
		this.mongo = mongo;
		this.pipeline = pipeline;
		this.clock = clock;
	}

	@Override
	public Mono<Void> prepare(AllianceEvent event) {
		return (event instanceof NoticePublished notice) ? open(notice) : Mono.empty();
	}

	/** Opens the receipts of a published notice; a redelivered event changes nothing. */
	Mono<Void> open(NoticePublished notice) {
		Instant remindAt = (notice.requiresAck() && notice.remindAfterHours() != null)
				? notice.publishedAt().plus(Duration.ofHours(notice.remindAfterHours())) : null;
		NoticeReceipts receipts = new NoticeReceipts(notice.noticeId(), notice.title(), notice.priority(),
				notice.requiresAck(), notice.audienceMemberIds().stream().distinct().toList(), Map.of(),
				notice.publishedAt(), null, 0, remindAt);
		return this.mongo.insert(receipts).then().onErrorResume(DuplicateKeyException.class, (ex) -> Mono.empty());
	}

	@Override
	public Mono<Void> onRead(InboxItem item, SignedInUser reader) {
		boolean aboutANotice = NOTICE_PUBLISHED.equals(item.eventType()) || NOTICE_REMINDER.equals(item.eventType());
		if (!aboutANotice || !reader.has(Role.MEMBER) || reader.memberId() == null) {
			return Mono.empty();
		}
		String member = reader.memberId();
		Query firstRead = Query.query(Criteria.where("_id")
			.is(item.subjectId())
			.and("audience")
			.is(member)
			.and("readers." + member)
			.exists(false));
		return this.mongo
			.updateFirst(firstRead, new Update().set("readers." + member, item.readAt()), NoticeReceipts.class)
			.then();
	}

	Mono<ReceiptsView> of(String noticeId) {
		return find(noticeId).map(ReceiptsView::of);
	}

	/**
	 * Reminds those who have not read, unless a reminder went out within the hour.
	 * @return how many were reminded
	 */
	Mono<Integer> remind(String noticeId) {
		Instant now = this.clock.instant();
		return find(noticeId).flatMap((receipts) -> {
			Criteria notRecently = new Criteria().orOperator(Criteria.where("lastReminderAt").is(null),
					Criteria.where("lastReminderAt").lte(now.minus(REMINDER_INTERVAL)));
			Query claim = Query.query(new Criteria().andOperator(Criteria.where("_id").is(noticeId), notRecently));
			return this.mongo
				.findAndModify(claim, new Update().set("lastReminderAt", now).inc("reminders", 1),
						FindAndModifyOptions.options().returnNew(true), NoticeReceipts.class)
				.switchIfEmpty(Mono.error(() -> tooSoon(receipts, now)));
		}).flatMap(this::sendReminder);
	}

	/** The automatic reminders that are due; safe on several replicas. */
	@Scheduled(fixedDelayString = "${paperlink.notices.reminder-check:60s}")
	void remindDue() {
		Instant now = this.clock.instant();
		this.mongo.find(Query.query(Criteria.where("remindAt").lte(now)), NoticeReceipts.class)
			.concatMap((receipts) -> this.mongo
				.updateFirst(Query.query(Criteria.where("_id").is(receipts.noticeId()).and("remindAt").lte(now)),
						new Update().unset("remindAt"), NoticeReceipts.class)
				.filter((result) -> result.getModifiedCount() == 1)
				.flatMap((claimed) -> remind(receipts.noticeId())
					.onErrorResume((ex) -> postpone(receipts, now).then(Mono.empty()))))
			.subscribe((count) -> log.info("Automatic reminder sent to {} members", count),
					(ex) -> log.warn("Automatic reminders failed, will try again: {}", ex.getMessage()));
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
			.map((member) -> new PlannedNotification(Recipient.member(member), "NOTICE", "notice.reminder", urgent,
					false, urgent ? List.of("INBOX", "EMAIL") : List.of("INBOX"), model))
			.toList();
		String reminderId = "notice-reminder:" + receipts.noticeId() + ":" + receipts.reminders();
		return this.pipeline.notify(reminderId, NOTICE_REMINDER, receipts.noticeId(), planned)
			.thenReturn(unread.size());
	}

	private Mono<NoticeReceipts> find(String noticeId) {
		return this.mongo.findById(noticeId, NoticeReceipts.class)
			.switchIfEmpty(Mono.error(() -> DomainProblem.notFound("notice-not-found", noticeId)));
	}

	private static DomainProblem tooSoon(NoticeReceipts receipts, Instant now) {
		long waitSeconds = Math.max(1,
				Duration.between(now, receipts.lastReminderAt().plus(REMINDER_INTERVAL)).toSeconds());
		DomainProblem problem = new DomainProblem(HttpStatus.TOO_MANY_REQUESTS, "reminder-too-soon",
				(waitSeconds + 59) / 60);
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(waitSeconds));
		return problem;
	}

	record ReceiptsView(String noticeId, String title, int total, int read, List<Reader> readers, List<String> unread,
			Instant lastReminderAt) {

		record Reader(String memberId, Instant readAt) {

		}

		static ReceiptsView of(NoticeReceipts receipts) {
			List<Reader> readers = (receipts.readers() == null) ? List.of()
					: receipts.readers()
						.entrySet()
						.stream()
						.map((entry) -> new Reader(entry.getKey(), entry.getValue()))
						.sorted(Comparator.comparing(Reader::readAt))
						.toList();
			return new ReceiptsView(receipts.noticeId(), receipts.title(), receipts.audience().size(), readers.size(),
					readers, receipts.unread(), receipts.lastReminderAt());
		}

	}

}
