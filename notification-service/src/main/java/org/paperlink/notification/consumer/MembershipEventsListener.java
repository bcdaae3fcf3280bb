package org.paperlink.notification.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.paperlink.events.Topics;
import org.paperlink.notification.inbox.Inbox;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes {@code alliance.members} and notifies the secretariat and the applicants. */
@Component
class MembershipEventsListener {

	private final EventReader reader;

	private final MembershipNotifications notifications;

	private final Inbox inbox;

	MembershipEventsListener(EventReader reader, MembershipNotifications notifications, Inbox inbox) {
		this.reader = reader;
		this.notifications = notifications;
		this.inbox = inbox;
	}

	@KafkaListener(id = "membership-notifications", topics = Topics.MEMBERS)
	void onMembershipEvent(ConsumerRecord<String, String> record) {
		ReceivedEvent event = this.reader.read(record);
		// The consumer thread waits for the inbox write: the offset is committed only
		// after it.
		this.inbox.deliver(event.id(), event.type(), event.subject(), this.notifications.of(event.payload()))
			.toFuture()
			.join();
	}

}
