package org.paperlink.alliance.member;

import org.paperlink.alliance.outbox.OutboxCollection;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MemberOutbox {

	@Bean
	OutboxCollection memberOutboxCollection() {
		return new OutboxCollection(Member.COLLECTION);
	}

}
