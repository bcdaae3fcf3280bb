package org.paperlink.alliance.notice;

import java.util.List;

import org.paperlink.alliance.outbox.AggregateType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;

/** Where notices are kept: found by when they are due, and by whom they address. */
@Configuration(proxyBeanMethods = false)
class NoticePersistence {

	@Bean
	AggregateType notices() {
		return new AggregateType(Notice.class, Notice.COLLECTION,
				List.of(new Index().on("status", Sort.Direction.ASC).on("publishAt", Sort.Direction.ASC).named("due"),
						new Index("audienceMemberIds", Sort.Direction.ASC).named("audience")));
	}

}
