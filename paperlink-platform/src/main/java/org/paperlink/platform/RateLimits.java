package org.paperlink.platform;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many writes a caller may make: public writes (registration, sign-in) per client
 * address, authenticated writes per signed-in user. Each is a token bucket holding
 * {@code capacity} requests, refilled evenly over {@code period}.
 *
 * @param trustedProxies the addresses or CIDR ranges of the proxies in front of the
 * service (an ingress controller): only from them is {@code X-Forwarded-For} believed,
 * and the client is the nearest address in it that is not one of them. Empty: the peer is
 * the client.
 * @param replicas how many replicas share the limits: each replica's buckets hold this
 * share of them, since a balancer spreads one caller's requests over all. Set it to the
 * usual number of replicas (the HPA's minimum); with more, a caller gets at most
 * {@code replicas-running / replicas} times the limit.
 */
@ConfigurationProperties("paperlink.rate-limits")
public record RateLimits(@DefaultValue("true") boolean enabled, @DefaultValue("20") long publicCapacity,
		@DefaultValue("1m") Duration publicPeriod, @DefaultValue("600") long authenticatedCapacity,
		@DefaultValue("1m") Duration authenticatedPeriod, @DefaultValue List<String> trustedProxies,
		@DefaultValue("1") int replicas) {

	/** A bucket's capacity on one replica: its share of the limit, at least one. */
	long shareOf(long capacity) {
		int share = Math.max(1, this.replicas);
		return Math.max(1, (capacity + share - 1) / share);
	}

}
