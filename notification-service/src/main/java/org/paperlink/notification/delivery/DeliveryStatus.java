package org.paperlink.notification.delivery;

public enum DeliveryStatus {

	/** Waiting for its first or next attempt. */
	PENDING,

	SENT,

	/** Every attempt failed; counted in {@code paperlink.delivery.failed}. */
	FAILED,

	/**
	 * Routed to this channel but never sent, and why ({@code lastError}): no address is
	 * known, or the recipient turned the channel off. So no routing decision ends without
	 * a trace.
	 */
	SKIPPED

}
