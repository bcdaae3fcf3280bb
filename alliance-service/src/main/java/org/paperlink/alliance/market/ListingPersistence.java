package org.paperlink.alliance.market;

import java.util.List;

import org.paperlink.alliance.outbox.AggregateType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Where listings are kept; matching reads the open ones from memory, not by index. */
@Configuration(proxyBeanMethods = false)
class ListingPersistence {

	@Bean
	AggregateType listings() {
		return new AggregateType(Listing.class, Listing.COLLECTION, List.of());
	}

}
