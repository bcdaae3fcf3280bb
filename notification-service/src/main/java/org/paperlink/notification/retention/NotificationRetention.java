package org.paperlink.notification.retention;

import java.time.Duration;

import org.paperlink.notification.delivery.Delivery;
import org.paperlink.notification.delivery.ReplicaLease;
import org.paperlink.notification.inbox.InboxEntry;
import org.paperlink.notification.inbox.ReadMark;
import org.paperlink.notification.inbox.SharedEntry;
import org.paperlink.platform.Retained;
import org.paperlink.platform.Retired;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How long notification-service keeps what it writes (README, "Retention"): TTL indexes
 * on MongoDB, and the platform's sweep besides.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationRetention.Periods.class)
class NotificationRetention {

	/**
	 * @param inbox an inbox entry (its own or shared, with the read marks), from its
	 * creation
	 * @param deliveries a delivery's record (sent, failed or skipped), from its creation
	 * @param savedSearchDigests what a day's saved-search digest collects, from that day
	 */
	@ConfigurationProperties("paperlink.retention")
	record Periods(@DefaultValue("365d") Duration inbox, @DefaultValue("90d") Duration deliveries,
			@DefaultValue("30d") Duration savedSearchDigests) {

	}

	@Bean
	Retained inboxRetention(Periods periods) {
		return new Retained(InboxEntry.COLLECTION, "createdAt", periods.inbox());
	}

	@Bean
	Retained sharedInboxRetention(Periods periods) {
		return new Retained(SharedEntry.COLLECTION, "createdAt", periods.inbox());
	}

	/** A read mark goes with its shared entry: it carries the entry's time. */
	@Bean
	Retained readMarkRetention(Periods periods) {
		return new Retained(ReadMark.COLLECTION, "createdAt", periods.inbox());
	}

	@Bean
	Retained deliveryRetention(Periods periods) {
		return new Retained(Delivery.COLLECTION, "createdAt", periods.deliveries());
	}

	/**
	 * A replica's delivery lease, a day after it ran out: nothing claims under it by
	 * then, and each start or lapse takes a new one.
	 */
	@Bean
	Retained deliveryLeaseRetention() {
		return new Retained(ReplicaLease.COLLECTION, "until", Duration.ofDays(1));
	}

	@Bean
	Retained savedSearchDayRetention(Periods periods) {
		return new Retained("saved_search_days", "createdAt", periods.savedSearchDigests());
	}

	@Bean
	Retained savedSearchListingRetention(Periods periods) {
		return new Retained("saved_search_listings", "caughtAt", periods.savedSearchDigests());
	}

	/**
	 * The delivery lines of the release before the deliveries went into memory per
	 * replica (issue 29): written no more, and kept skipped and re-queued deliveries for
	 * good (issue 33, item 6).
	 */
	@Bean
	Retired deliveryLinesRetired() {
		return new Retired("delivery_lines");
	}

}
