package org.paperlink.platform;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many writes a caller may make: public writes (registration, sign-in) per client
 * address, authenticated writes per signed-in user. Each is a token bucket holding
 * {@code capacity} requests, refilled evenly over {@code period}.
 */
@ConfigurationProperties("paperlink.rate-limits")
public record RateLimits(@DefaultValue("true") boolean enabled, @DefaultValue("20") long publicCapacity,
		@DefaultValue("1m") Duration publicPeriod, @DefaultValue("600") long authenticatedCapacity,
		@DefaultValue("1m") Duration authenticatedPeriod) {

}
