package org.paperlink.platform;

import org.springframework.context.SmartLifecycle;

/**
 * The order in which a replica stops, by {@link SmartLifecycle} phase (the highest stops
 * first): the web server stops accepting requests and finishes those in flight (Spring
 * Boot's graceful shutdown, {@code DEFAULT_PHASE - 1024}, then its stop, 2048 below);
 * then the outbox relay sends what those requests wrote; then the Kafka consumers stop.
 */
public final class ShutdownOrder {

	/** The outbox relay: after the web server, before the consumers. */
	public static final int RELAY = SmartLifecycle.DEFAULT_PHASE - 4096;

	/** The Kafka listener containers: last, so a replica consumes until it is gone. */
	public static final int CONSUMERS = SmartLifecycle.DEFAULT_PHASE - 8192;

	private ShutdownOrder() {
	}

}
