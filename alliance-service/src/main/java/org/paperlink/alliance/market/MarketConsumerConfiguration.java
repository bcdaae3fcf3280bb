package org.paperlink.alliance.market;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The market feed only fails when the store cannot record a match on its counterpart; it
 * then waits and tries again, however long the store is away, and skips nothing.
 */
@Configuration(proxyBeanMethods = false)
class MarketConsumerConfiguration {

	@Bean
	DefaultErrorHandler marketFeedErrorHandler() {
		ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
		backOff.setMaxInterval(30_000);
		return new DefaultErrorHandler(backOff);
	}

}
