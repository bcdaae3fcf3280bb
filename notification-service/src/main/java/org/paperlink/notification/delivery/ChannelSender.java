package org.paperlink.notification.delivery;

import reactor.core.publisher.Mono;

/** Sends a delivery on one channel; an error means "try again later". */
interface ChannelSender {

	Channel channel();

	Mono<Void> send(Delivery delivery);

}
