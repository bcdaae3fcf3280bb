package org.paperlink.notification.delivery;

import java.time.Instant;

/**
 * A delivery record as an administrator sees it; robot secrets are never shown, neither
 * in the address nor in the last error.
 */
record DeliveryView(String id, String eventId, String eventType, String recipient, Transport channel, String address,
		String title, boolean urgent, DeliveryStatus status, int attempts, String lastError, Instant createdAt,
		Instant nextAttemptAt, Instant sentAt) {

	static DeliveryView of(Delivery delivery) {
		return new DeliveryView(delivery.id(), delivery.eventId(), delivery.eventType(), delivery.recipient(),
				delivery.channel(), Secrets.redacted(delivery.address()), delivery.title(), delivery.urgent(),
				delivery.status(), delivery.attempts(), Secrets.redacted(delivery.lastError()), delivery.createdAt(),
				delivery.nextAttemptAt(), delivery.sentAt());
	}

}
