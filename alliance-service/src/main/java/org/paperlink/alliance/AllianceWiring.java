package org.paperlink.alliance;

import org.paperlink.alliance.audit.AuditTrail;
import org.paperlink.alliance.capacity.CapacityHistory;
import org.paperlink.alliance.market.ListingMatches;
import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.outbox.ChangeListeners;
import org.paperlink.alliance.outbox.EventProjections;
import org.paperlink.alliance.structure.AllianceOverviewService;
import org.paperlink.events.EventType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What follows a write, listed in one place: the records the relay derives from each
 * event after publishing it, and the caches of this replica that hear of each aggregate
 * the store writes. Nothing here is discovered by scanning.
 */
@Configuration(proxyBeanMethods = false)
class AllianceWiring {

	/**
	 * After a batch of events is on Kafka, before they are removed from their aggregates.
	 */
	@Bean
	EventProjections eventProjections(AuditTrail audit, CapacityHistory capacityHistory,
			ListingMatches listingMatches) {
		return new EventProjections().every(audit::project)
			.of(EventType.CAPACITY_REPORTED, capacityHistory::project)
			.of(EventType.MATCH_FOUND, listingMatches::project);
	}

	/** As soon as the store wrote an aggregate, in this replica. */
	@Bean
	ChangeListeners changeListeners(AllianceOverviewService overview) {
		return new ChangeListeners().on(Member.class, overview::changed, overview::manyChanged);
	}

}
