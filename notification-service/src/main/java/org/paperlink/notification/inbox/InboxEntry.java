package org.paperlink.notification.inbox;

import org.paperlink.notification.routing.Recipient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One notification in one inbox. The id is derived from the event id and the recipient,
 * so an event delivered twice can never produce a second entry: the unique {@code _id}
 * refuses it.
 */
@Document(InboxEntry.COLLECTION)
@CompoundIndex(name = "recipient_newest", def = "{'recipient': 1, 'createdAt': -1}")
public record InboxEntry(@Id String id, String recipient, String eventId, String eventType, String subjectId,
		String title, String body, boolean urgent, boolean read, Instant readAt, Instant createdAt) {

	public static final String COLLECTION = "inbox";

	/** The same event and recipient always give the same id: an opaque, URL-safe UUID. */
	public static String idOf(String eventId, Recipient recipient) {
		return derivedId(eventId, recipient.key());
	}

	/** The same two parts always give the same opaque, URL-safe UUID. */
	static String derivedId(String first, String second) {
		return UUID.nameUUIDFromBytes((first + "\n" + second).getBytes(StandardCharsets.UTF_8)).toString();
	}

}
