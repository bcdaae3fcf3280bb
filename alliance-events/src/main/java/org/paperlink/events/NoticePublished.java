package org.paperlink.events;

import java.time.Instant;
import java.util.List;

/**
 * The secretariat published a notice; the audience is already resolved to member ids.
 *
 * @param title plain text, with any markup escaped
 * @param body Markdown or plain text, with any markup escaped
 * @param remindAfterHours when set, members who have not read it are reminded once after
 * so many hours
 */
public record NoticePublished(String noticeId, String title, String body, String priority, boolean requiresAck,
		Integer remindAfterHours, List<String> audienceMemberIds, String publishedBy,
		Instant publishedAt) implements AllianceEvent {

	@Override
	public String key() {
		return this.noticeId;
	}

	@Override
	public String subject() {
		return this.noticeId;
	}

	@Override
	public Instant occurredAt() {
		return this.publishedAt;
	}

}
