package org.paperlink.alliance.security;

import java.util.List;

import org.paperlink.alliance.outbox.AggregateType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Where revocations are kept: written once each, never queried on a hot path. */
@Configuration(proxyBeanMethods = false)
class AccountRevocationPersistence {

	@Bean
	AggregateType accountRevocationAggregates() {
		return new AggregateType(AccountRevocation.class, AccountRevocation.COLLECTION, List.of());
	}

}
