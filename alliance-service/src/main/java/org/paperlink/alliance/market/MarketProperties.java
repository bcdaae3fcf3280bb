package org.paperlink.alliance.market;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of the market: how matches are weighed and kept, and how the live feed behaves.
 *
 * @param zone the zone whose calendar decides when a listing's last day is over
 * @param threshold the lowest score kept as a match and announced
 * @param topN the most matches kept for one publication
 * @param weights the weight of each factor; they add up to 1
 * @param feed the live feed
 * @param expiryCheck how often expired listings are closed
 */
@ConfigurationProperties("paperlink.market")
public record MarketProperties(@DefaultValue("Asia/Shanghai") ZoneId zone, @DefaultValue("0.5") double threshold,
		@DefaultValue("10") int topN, @DefaultValue Weights weights, @DefaultValue Feed feed,
		@DefaultValue("1m") Duration expiryCheck) {

	public MarketProperties {
		double sum = weights.category() + weights.quantity() + weights.price() + weights.distance()
				+ weights.freshness();
		if (Math.abs(sum - 1.0) > 1e-6) {
			throw new IllegalStateException("paperlink.market.weights must add up to 1, not " + sum);
		}
	}

	public record Weights(@DefaultValue("0.35") double category, @DefaultValue("0.2") double quantity,
			@DefaultValue("0.15") double price, @DefaultValue("0.15") double distance,
			@DefaultValue("0.15") double freshness) {

	}

	/**
	 * @param heartbeat how often a comment is sent so that proxies keep the stream open
	 * @param backlog how far back a new feed reaches, at most
	 * @param backlogItems how many recent items a new connection starts with
	 * @param journalSize how many recent market events are kept to resume from
	 */
	public record Feed(@DefaultValue("15s") Duration heartbeat, @DefaultValue("7d") Duration backlog,
			@DefaultValue("50") int backlogItems, @DefaultValue("20000") int journalSize) {

	}

}
