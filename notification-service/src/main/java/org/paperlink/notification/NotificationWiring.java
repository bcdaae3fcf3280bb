package org.paperlink.notification;

import java.time.Clock;
import java.util.List;

import org.paperlink.notification.addressing.Addressing;
import org.paperlink.notification.contacts.Contacts;
import org.paperlink.notification.delivery.Deliveries;
import org.paperlink.notification.inbox.Inbox;
import org.paperlink.notification.inbox.ReadHook;
import org.paperlink.notification.market.SavedSearchAlerts;
import org.paperlink.notification.notice.Receipts;
import org.paperlink.notification.pipeline.NotificationPipeline;
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

	@Bean
	NotificationPipeline notificationPipeline(Contacts contacts, Receipts receipts, SuspendedMembers suspensions,
			AccountRevocations revocations, Router router, SavedSearchAlerts savedSearches, Addressing addressing,
			Renderer renderer, Inbox inbox, Deliveries deliveries, Clock clock) {
		return new NotificationPipeline(
				// in this order: a member's address is known before anyone writes to it
				List.of((event) -> contacts.learn(event.payload(), event.envelope().aggregateVersion()), receipts,
						suspensions, revocations),
				router, List.of(savedSearches), addressing, renderer, inbox, deliveries, clock);
	}

	/** Reading a notice in the inbox records its receipt. */
	@Bean
	ReadHook noticeReceipt(Receipts receipts) {
		return receipts::onRead;
	}

}
