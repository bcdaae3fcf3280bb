package org.paperlink.notification.notice;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The read receipts of one notice, in one document addressed by the notice id: who it
 * went to, who read it and when. A member's first read is recorded once, whatever happens
 * after.
 *
 * @param readers read time by member id
 * @param remindAt when the automatic reminder is due, or null
 */
@Document(NoticeReceipts.COLLECTION)
record NoticeReceipts(@Id String noticeId, String title, String priority, boolean requiresAck, List<String> audience,
		Map<String, Instant> readers, Instant publishedAt, Instant lastReminderAt, int reminders, Instant remindAt,
		Boolean reminderUnfinished, Instant reminderLeaseUntil) {

	static final String COLLECTION = "notice_receipts";

	/**
	 * Whether reminder number {@link #reminders} was claimed but not seen through (a
	 * store, Kafka or SMTP error part-way, a replica that died): the next reminder is
	 * that one again, under its own id, so that nobody it reached is reminded twice.
	 */
	boolean hasUnfinishedReminder() {
		return Boolean.TRUE.equals(this.reminderUnfinished);
	}

	List<String> unread() {
		return this.audience.stream()
			.filter((member) -> this.readers == null || !this.readers.containsKey(member))
			.toList();
	}

}
