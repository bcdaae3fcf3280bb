package org.paperlink.alliance.member;

import java.util.List;

import org.paperlink.alliance.outbox.AggregateType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;

/** Where members are kept, and how they are found. */
@Configuration(proxyBeanMethods = false)
class MemberPersistence {

	@Bean
	AggregateType members() {
		return new AggregateType(Member.class, Member.COLLECTION,
				List.of(new Index("usccKey", Sort.Direction.ASC).unique().named("usccKey"),
						new Index().on("status", Sort.Direction.ASC)
							.on("pillar", Sort.Direction.ASC)
							.on("enterpriseName", Sort.Direction.ASC)
							.named("directory"),
						new Index("renovations.projectId", Sort.Direction.ASC).named("renovation_project")));
	}

}
