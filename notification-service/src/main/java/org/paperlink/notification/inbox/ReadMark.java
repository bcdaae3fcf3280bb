package org.paperlink.notification.inbox;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * That one recipient has read a {@link SharedEntry}: written once, on the first read, so
 * it keeps the first read time. The id is derived from the entry and the recipient.
 *
 * @param createdAt when the entry was written, so that the mark is kept as long as it
 */
@Document(ReadMark.COLLECTION)
@CompoundIndex(name = "recipient_entry", def = "{'recipient': 1, 'entry': 1}")
public record ReadMark(@Id String id, String entry, String recipient, Instant readAt, Instant createdAt) {

	public static final String COLLECTION = "inbox_reads";

}
