package org.paperlink.alliance.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the outbox relay.
 *
 * @param source the CloudEvents {@code source} of everything this service publishes
 * @param batchSize the most aggregates the relay handles in one batch (their sends at
 * once, their records in one insert per collection, their removal in one bulk write)
 * @param initialBackoff the first wait after a failed send
 * @param maxBackoff the longest wait between attempts
 * @param sweepInterval how often the collections are searched for events left behind
 * @param lease how long a replica's claim to send an aggregate's events holds, should it
 * die before giving it back: longer than the longest send ({@code max.block.ms} 5 s +
 * {@code delivery.timeout.ms} 30 s)
 */
@ConfigurationProperties("paperlink.outbox")
public record OutboxProperties(@DefaultValue("/paperlink/alliance-service") String source,
		@DefaultValue("256") int batchSize, @DefaultValue("500ms") Duration initialBackoff,
		@DefaultValue("30s") Duration maxBackoff, @DefaultValue("5m") Duration sweepInterval,
		@DefaultValue("45s") Duration lease) {

}
