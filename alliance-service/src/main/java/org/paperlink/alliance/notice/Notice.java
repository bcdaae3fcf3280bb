package org.paperlink.alliance.notice;

import java.time.Instant;
import java.util.List;

import org.paperlink.alliance.outbox.Aggregate;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A notice of the secretariat. Its audience is resolved to member ids when it is
 * published (at once, or at its scheduled time), and published with it.
 */
@Document(Notice.COLLECTION)
@CompoundIndex(name = "due", def = "{'status': 1, 'publishAt': 1}")
@CompoundIndex(name = "audience", def = "{'audienceMemberIds': 1}")
record Notice(@Id String id, String title, String body, Audience audience, String priority, boolean requiresAck,
		Integer remindAfterHours, Instant publishAt, NoticeStatus status, List<String> audienceMemberIds,
		String createdBy, Instant createdAt, Instant publishedAt, long version) implements Aggregate {

	static final String COLLECTION = "notices";

	enum NoticeStatus {

		SCHEDULED, PUBLISHED

	}

	/**
	 * @param scope ALL, PILLARS or MEMBERS
	 */
	record Audience(String scope, List<String> pillars, List<String> memberIds) {

	}

}
