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
 * @param lease how long a replica's claim on an attempt holds should it die meanwhile;
 * far longer than a send may take
 * @param pollInterval how often each replica looks for due deliveries nobody attempts
 */
@ConfigurationProperties("paperlink.delivery")
public record DeliveryProperties(@DefaultValue("8") int maxAttempts, @DefaultValue("2s") Duration initialBackoff,
		@DefaultValue("5m") Duration maxBackoff, @DefaultValue("0.3") double jitter, @DefaultValue("2m") Duration lease,
		@DefaultValue("10s") Duration pollInterval) {

}
