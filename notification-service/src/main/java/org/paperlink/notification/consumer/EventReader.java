package org.paperlink.notification.consumer;

import java.util.List;

import org.paperlink.notification.pipeline.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.paperlink.events.AllianceEvent;
import org.paperlink.events.CloudEventEnvelope;
import org.paperlink.events.EventSchemas;
import org.paperlink.events.EventType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Reads a Kafka record as a CloudEvent of a known type whose payload keeps its JSON
 * Schema, or declares it poison.
 */
@Component
class EventReader {

	/** Far above any real event; a notice body is at most 20,000 characters. */
	static final int MAX_PAYLOAD_CHARS = 1_000_000;

	private final JsonMapper json;

	EventReader(JsonMapper json) {
		this.json = json;
	}

	ReceivedEvent read(ConsumerRecord<String, String> record) {
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
