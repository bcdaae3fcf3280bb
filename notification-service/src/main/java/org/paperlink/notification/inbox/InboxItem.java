package org.paperlink.notification.inbox;

import java.time.Instant;

/** An inbox entry as its reader sees it. */
public record InboxItem(String id, String eventType, String subjectId, String title, String body, boolean urgent,
		boolean read, Instant readAt, Instant createdAt) {

	static InboxItem of(InboxEntry entry) {
		return new InboxItem(entry.id(), entry.eventType(), entry.subjectId(), entry.title(), entry.body(),
				entry.urgent(), entry.read(), entry.readAt(), entry.createdAt());
	}

}
