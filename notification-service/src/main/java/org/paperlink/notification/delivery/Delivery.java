package org.paperlink.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One notification on one channel to one address: its status, attempts and last error.
 * The id is derived from (event, recipient, channel, address), so a redelivered event
 * never sends twice.
 */
@Document(Delivery.COLLECTION)
@CompoundIndex(name = "status_next", def = "{'status': 1, 'nextAttemptAt': 1}")
public record Delivery(@Id String id, String eventId, String eventType, String recipient, Channel channel,
		String address, String secret, String title, String body, boolean urgent, DeliveryStatus status, int attempts,
		String lastError, Instant createdAt, Instant nextAttemptAt, Instant sentAt) {

	public static final String COLLECTION = "deliveries";

	public static String idOf(String eventId, String recipient, Channel channel, String address) {
		String key = eventId + "\n" + recipient + "\n" + channel + "\n" + address;
		return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
	}

}
