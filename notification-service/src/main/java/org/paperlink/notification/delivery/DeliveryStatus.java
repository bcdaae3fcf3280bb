package org.paperlink.notification.delivery;

public enum DeliveryStatus {

	/** Waiting for its first or next attempt. */
	PENDING,

	SENT,

	/** Every attempt failed; counted in {@code paperlink.delivery.failed}. */
	FAILED

}
