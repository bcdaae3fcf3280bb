package org.paperlink.notification;

import java.time.Clock;

import org.paperlink.events.AccountTokensRevoked;
import org.paperlink.events.ListingPublished;
import org.paperlink.events.MemberApproved;
import org.paperlink.events.MemberRegistered;
import org.paperlink.events.MemberRejected;
import org.paperlink.events.MemberUpdated;
import org.paperlink.events.NoticePublished;
import org.paperlink.notification.addressing.Addressing;
import org.paperlink.notification.contacts.Contacts;
import org.paperlink.notification.delivery.Deliveries;
import org.paperlink.notification.inbox.Inbox;
import org.paperlink.notification.inbox.ReadHook;
import org.paperlink.notification.market.SavedSearchAlerts;
import org.paperlink.notification.notice.Receipts;
import org.paperlink.notification.pipeline.EventSteps;
import org.paperlink.notification.pipeline.NotificationPipeline;
import org.paperlink.notification.pipeline.ReceivedEvent;
import org.paperlink.notification.rendering.Renderer;
import org.paperlink.notification.routing.Router;
import org.paperlink.notification.security.AccountRevocations;
import org.paperlink.notification.security.SuspendedMembers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Everything that joins the notification pipeline, named here rather than found by type:
 * the state an event opens, the recipients kept in stored state, and what reading a
 * notice records. It sits above the features, so they need not know each other.
 */
@Configuration(proxyBeanMethods = false)
class NotificationWiring {

	/**
	 * Which steps run for which events, besides routing (every event) and the delivery
	 * stages after it: an event type not named here only passes the router.
	 */
	@Bean
	NotificationPipeline notificationPipeline(Contacts contacts, Receipts receipts, SuspendedMembers suspensions,
			AccountRevocations revocations, Router router, SavedSearchAlerts savedSearches, Addressing addressing,
			Renderer renderer, Inbox inbox, Deliveries deliveries, Clock clock) {
		EventSteps steps = new EventSteps()
			// a member's address is known before anyone writes to it
			.prepare(MemberRegistered.class,
					(event, received) -> contacts.learn(event.memberId(), event.contactEmail(), version(received)))
			.prepare(MemberApproved.class,
					(event, received) -> contacts.learn(event.memberId(), event.contactEmail(), version(received)))
			.prepare(MemberRejected.class,
					(event, received) -> contacts.learn(event.memberId(), event.contactEmail(), version(received)))
			.prepare(MemberUpdated.class,
					(event, received) -> contacts.learn(event.memberId(), event.contactEmail(), version(received)))
			.prepare(MemberUpdated.class, suspensions::record)
			.prepare(NoticePublished.class, (event, received) -> receipts.open(event))
			.prepare(AccountTokensRevoked.class, (event, received) -> revocations.record(event))
			.plan(ListingPublished.class, savedSearches::plan);
		return new NotificationPipeline(steps, router, addressing, renderer, inbox, deliveries, clock);
	}

	private static Long version(ReceivedEvent received) {
		return received.envelope().aggregateVersion();
	}

	/** Reading a notice in the inbox records its receipt. */
	@Bean
	ReadHook noticeReceipt(Receipts receipts) {
		return receipts::onRead;
	}

}
