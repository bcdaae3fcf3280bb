package org.paperlink.notification.consumer;

import org.paperlink.notification.pipeline.NotificationPipeline;
import org.paperlink.notification.pipeline.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.paperlink.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * One listener container per topic, so that a slow topic (a notice to thousands) never
 * holds up another. Each record is handled completely before its offset is committed: at
 * least once, with every effect keyed by the event id.
 */
@Component
class AllianceEventsListener {

	private static final Logger log = LoggerFactory.getLogger(AllianceEventsListener.class);

	private final EventReader reader;

	private final NotificationPipeline pipeline;

	AllianceEventsListener(EventReader reader, NotificationPipeline pipeline) {
		this.reader = reader;
		this.pipeline = pipeline;
	}

	@KafkaListener(id = "membership-notifications", topics = Topics.MEMBERS)
	void onMembershipEvent(ConsumerRecord<String, String> record) {
		handle(record);
	}

	@KafkaListener(id = "capacity-notifications", topics = Topics.CAPACITY)
	void onCapacityEvent(ConsumerRecord<String, String> record) {
		handle(record);
	}

	@KafkaListener(id = "renovation-notifications", topics = Topics.RENOVATIONS)
	void onRenovationEvent(ConsumerRecord<String, String> record) {
		handle(record);
	}

	@KafkaListener(id = "notice-notifications", topics = Topics.NOTICES)
	void onNoticeEvent(ConsumerRecord<String, String> record) {
		handle(record);
	}

	@KafkaListener(id = "market-notifications", topics = Topics.MARKET)
	void onMarketEvent(ConsumerRecord<String, String> record) {
		handle(record);
	}

	private void handle(ConsumerRecord<String, String> record) {
		ReceivedEvent event = this.reader.read(record);
		// The consumer thread waits for the effects: the offset is committed only after
		// them.
		this.pipeline.handle(event).toFuture().join();
		log.info("Notifications delivered for event {} ({}, subject {})", event.id(), event.type(), event.subject());
	}

}
