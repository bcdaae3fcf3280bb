package org.paperlink.notification.consumer;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.paperlink.events.AllianceEvent;
import org.paperlink.events.CloudEventEnvelope;
import org.paperlink.events.EventSchemas;
import org.paperlink.events.EventType;
import org.paperlink.events.Topics;
import org.paperlink.notification.pipeline.NotificationPipeline;
import org.paperlink.notification.pipeline.ReceivedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Where alliance events enter: each record is read as a CloudEvent of a known type whose
 * payload keeps its JSON Schema (or declared poison), then handed to the pipeline. One
 * listener container per topic, so that a slow topic (a notice to thousands) never holds
 * up another. Each record is handled completely before its offset is committed: at least
 * once, with every effect keyed by the event id.
 */
@Component
class AllianceEventsListener {

	/** Far above any real event; a notice body is at most 20,000 characters. */
	static final int MAX_PAYLOAD_CHARS = 1_000_000;

	private static final Logger log = LoggerFactory.getLogger(AllianceEventsListener.class);

	private final JsonMapper json;

	private final NotificationPipeline pipeline;

	AllianceEventsListener(JsonMapper json, NotificationPipeline pipeline) {
		this.json = json;
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
		ReceivedEvent event = read(record);
		// The consumer thread waits for the effects: the offset is committed only after
		// them.
		this.pipeline.handle(event).toFuture().join();
		log.info("Notifications delivered for event {} ({}, subject {})", event.id(), event.type(), event.subject());
	}

	private ReceivedEvent read(ConsumerRecord<String, String> record) {
		CloudEventEnvelope envelope;
		try {
			envelope = CloudEventEnvelope.readFrom(record.headers());
		}
		catch (CloudEventEnvelope.InvalidEnvelopeException ex) {
			throw new PoisonRecordException("Not a CloudEvent: " + ex.getMessage(), ex);
		}
		EventType type = EventType.ofCeType(envelope.type())
			.orElseThrow(() -> new PoisonRecordException("Unknown event type " + envelope.type(), null));
		if (record.value() == null) {
			throw new PoisonRecordException("Event " + envelope.id() + " has no payload", null);
		}
		if (record.value().length() > MAX_PAYLOAD_CHARS) {
			throw new PoisonRecordException(
					"Payload of " + envelope.id() + " is oversized (" + record.value().length() + " characters)", null);
		}
		List<String> violations = EventSchemas.violations(type, record.value());
		if (!violations.isEmpty()) {
			throw new PoisonRecordException("Payload of " + envelope.id() + " breaks the schema of " + type.ceType()
					+ ": " + String.join("; ", violations), null);
		}
		AllianceEvent payload;
		try {
			payload = type.read(this.json, record.value());
		}
		catch (JacksonException ex) {
			throw new PoisonRecordException("Payload of " + envelope.id() + " is not a valid " + type.ceType(), ex);
		}
		return new ReceivedEvent(envelope, payload);
	}

}
