package org.paperlink.alliance.notice;

import java.time.Instant;
import java.util.List;

import org.paperlink.alliance.domain.Aggregate;
import org.paperlink.alliance.domain.Change;
import org.paperlink.events.NoticePublished;
import org.paperlink.platform.Refusal;

/**
 * A notice of the secretariat. Its audience is resolved to member ids when it is
 * published (at once, or at its scheduled time), and published with it.
 */
record Notice(String id, String title, String body, Audience audience, String priority, boolean requiresAck,
		Integer remindAfterHours, Instant publishAt, NoticeStatus status, List<String> audienceMemberIds,
		String createdBy, Instant createdAt, Instant publishedAt, long version) implements Aggregate {

	static final String COLLECTION = "notices";

	/**
	 * A scheduled notice goes out, to the members its audience names now (a member that
	 * joined since it was written is told too).
	 */
	Change<Notice> publish(List<String> resolvedAudience, Instant at) {
		return publish(resolvedAudience, at, null);
	}

	/**
	 * A scheduled notice that fell due between a backup and the restore of it: the system
	 * the restore replaced may have published it, and sent its emails. It is published as
	 * of its time, and its event says so: members find it in the notices and their inbox,
	 * and no email or robot call goes out again.
	 */
	Change<Notice> publishAgainAfterRestore(List<String> resolvedAudience) {
		return publish(resolvedAudience, this.publishAt, true);
	}

	private Change<Notice> publish(List<String> resolvedAudience, Instant at, Boolean republished) {
		if (this.status != NoticeStatus.SCHEDULED) {
			throw Refusal.conflict("notice-published", this.id);
		}
		Notice published = new Notice(this.id, this.title, this.body, this.audience, this.priority, this.requiresAck,
				this.remindAfterHours, this.publishAt, NoticeStatus.PUBLISHED, List.copyOf(resolvedAudience),
				this.createdBy, this.createdAt, at, this.version);
		return Change.of(published, published.event(republished));
	}

	/** What members and the notification service hear of a published notice. */
	NoticePublished event() {
		return event(null);
	}

	private NoticePublished event(Boolean republished) {
		return new NoticePublished(this.id, this.title, this.body, this.priority, this.requiresAck,
				this.remindAfterHours, this.audienceMemberIds, this.createdBy, this.publishedAt, republished);
	}

	enum NoticeStatus {

		SCHEDULED, PUBLISHED

	}

	/**
	 * @param scope ALL, PILLARS or MEMBERS
	 */
	record Audience(String scope, List<String> pillars, List<String> memberIds) {

	}

}
