package org.paperlink.notification.delivery;

import reactor.core.publisher.Mono;

/** Sends a delivery on one channel; an error means "try again later". */
interface ChannelSender {

	/**
	 * Names the event in every email and robot call, so that a receiver (and the fault
	 * suite's evidence) can tell a repeat from a new message.
	 */
	String EVENT_ID_HEADER = "X-PaperLink-Event-Id";

	Transport transport();

	Mono<Void> send(Delivery delivery);

}
