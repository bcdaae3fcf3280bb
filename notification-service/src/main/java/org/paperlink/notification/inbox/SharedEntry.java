package org.paperlink.notification.inbox;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One notification told alike to many members (a notice to the whole alliance, say),
 * written once with its audience and read by each of them; each reader's read mark is a
 * {@link ReadMark}, written when read. So the cost of writing an event does not grow with
 * its audience (fan-out on read). The id is derived from the event id and the text, so an
 * event delivered twice cannot write a second one.
 *
 * @param audience the keys of the members it is for
 */
@Document(SharedEntry.COLLECTION)
@CompoundIndex(name = "audience_newest", def = "{'audience': 1, 'createdAt': -1}")
public record SharedEntry(@Id String id, List<String> audience, String eventId, String eventType, String subjectId,
		String title, String body, boolean urgent, Instant createdAt) {

	public static final String COLLECTION = "inbox_shared";

	/** As one of its readers sees it. */
	InboxItem as(ReadMark mark) {
		return new InboxItem(this.id, this.eventType, this.subjectId, this.title, this.body, this.urgent, mark != null,
				(mark != null) ? mark.readAt() : null, this.createdAt);
	}

}
