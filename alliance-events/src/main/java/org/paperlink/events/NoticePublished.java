package org.paperlink.events;

import java.time.Instant;
import java.util.List;

/** The secretariat published a notice; the audience is already resolved to member ids. */
public record NoticePublished(String noticeId, String title, String body, String priority, boolean requiresAck,
		List<String> audienceMemberIds, String publishedBy, Instant publishedAt) implements AllianceEvent {

	@Override
	public String key() {
		return this.noticeId;
	}

	@Override
	public String subject() {
		return this.noticeId;
	}

}
