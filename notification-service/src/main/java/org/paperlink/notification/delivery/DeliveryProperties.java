package org.paperlink.notification.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retries of failed deliveries: exponential backoff with jitter, then FAILED.
 *
 * @param maxAttempts attempts before a delivery is marked failed
 * @param initialBackoff the wait after the first failure; doubled after each further one
 * @param maxBackoff the longest wait
 * @param jitter the random share of each wait, from 0 to 1
 * @param lease how long a replica's lease ({@link ReplicaLease}) holds once renewed: a
 * replica that dies, hangs or loses the store gives up its deliveries after it
 * @param sweepInterval how often each replica looks, as a safety net, for pending
 * deliveries of its partitions (and of none) that no live replica holds
 * @param emailsPerConnection how many consecutive emails of one line a flush may send
 * before the first of them is recorded; 1 (the default) keeps a line's order even when a
 * crash between the sends and their record repeats them: a repeated run of several would
 * put an older message after a newer one. Every line's head still shares the flush's one
 * connection.
 */
@ConfigurationProperties("paperlink.delivery")
public record DeliveryProperties(@DefaultValue("8") int maxAttempts, @DefaultValue("2s") Duration initialBackoff,
		@DefaultValue("5m") Duration maxBackoff, @DefaultValue("0.3") double jitter,
		@DefaultValue("15s") Duration lease, @DefaultValue("2m") Duration sweepInterval,
		@DefaultValue("1") int emailsPerConnection) {

}
