package org.paperlink.alliance.registration;

import java.util.List;

import org.paperlink.alliance.outbox.AggregateType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Where roster imports are kept: few, looked up by id. */
@Configuration(proxyBeanMethods = false)
class MemberImportPersistence {

	@Bean
	AggregateType memberImportAggregates() {
		return new AggregateType(MemberImport.class, MemberImport.COLLECTION, List.of());
	}

}
