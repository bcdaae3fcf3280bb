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
 * @param republished true when a restore of the store rewound a publication that may have
 * been made: the notice fell due between the backup and the restore, and is published
 * again as of its time ({@link #mayHaveBeenToldBefore()}); absent otherwise
 */
public record NoticePublished(String noticeId, String title, String body, String priority, boolean requiresAck,
		Integer remindAfterHours, List<String> audienceMemberIds, String publishedBy, Instant publishedAt,
		Boolean republished) implements AllianceEvent {

	/** A notice published for the first time. */
	public NoticePublished(String noticeId, String title, String body, String priority, boolean requiresAck,
			Integer remindAfterHours, List<String> audienceMemberIds, String publishedBy, Instant publishedAt) {
		this(noticeId, title, body, priority, requiresAck, remindAfterHours, audienceMemberIds, publishedBy,
				publishedAt, null);
	}

	@Override
	public String key() {
		return this.noticeId;
	}

	@Override
	public String subject() {
		return this.noticeId;
	}

	@Override
	public boolean mayHaveBeenToldBefore() {
		return Boolean.TRUE.equals(this.republished);
	}

}
