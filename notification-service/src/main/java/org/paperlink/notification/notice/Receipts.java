package org.paperlink.notification.notice;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.paperlink.events.NoticePublished;
import org.paperlink.notification.inbox.InboxItem;
import org.paperlink.platform.DomainProblem;
import org.paperlink.platform.Role;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Read receipts and reminders of notices. Receipts are exact: a member's first read is
 * set only if absent, in one guarded update, so reading twice or on two devices at once
 * counts once. Reminders go only to those who have not read, at most once an hour per
 * notice.
 */
@Service
public class Receipts {

	static final String NOTICE_PUBLISHED = "org.paperlink.notice.published.v1";

	static final String NOTICE_REMINDER_TYPE = "org.paperlink.notice.reminder.v1";

	private final ReactiveMongoTemplate mongo;

	Receipts(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	/** Opens the receipts of a published notice; a redelivered event changes nothing. */
	public Mono<Void> open(NoticePublished notice) {
		Instant remindAt = (notice.requiresAck() && notice.remindAfterHours() != null)
				? notice.publishedAt().plus(Duration.ofHours(notice.remindAfterHours())) : null;
		NoticeReceipts receipts = new NoticeReceipts(notice.noticeId(), notice.title(), notice.priority(),
				notice.requiresAck(), notice.audienceMemberIds().stream().distinct().toList(), Map.of(),
				notice.publishedAt(), null, 0, remindAt, null, null);
		return this.mongo.insert(receipts).then().onErrorResume(DuplicateKeyException.class, (ex) -> Mono.empty());
	}

	/** A member's first read of a notice is its receipt (the inbox's read hook). */
	public Mono<Void> onRead(InboxItem item, SignedInUser reader) {
		boolean aboutANotice = NOTICE_PUBLISHED.equals(item.eventType())
				|| NOTICE_REMINDER_TYPE.equals(item.eventType());
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

	Mono<NoticeReceipts> find(String noticeId) {
		return this.mongo.findById(noticeId, NoticeReceipts.class)
			.switchIfEmpty(Mono.error(() -> DomainProblem.notFound("notice-not-found", noticeId)));
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
