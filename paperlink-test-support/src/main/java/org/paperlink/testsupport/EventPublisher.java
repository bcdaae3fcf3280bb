package org.paperlink.testsupport;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.paperlink.events.AllianceEvent;
import org.paperlink.events.CloudEventEnvelope;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes events the way alliance-service does (CloudEvents binary mode, keyed by
 * aggregate), and raw records for tests of what a consumer does with bad input.
 */
public final class EventPublisher implements AutoCloseable {

	private final KafkaProducer<String, String> producer;

	private final JsonMapper json = JsonMapper.builder().build();

	public EventPublisher(String bootstrapServers) {
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
	}

	/** Publishes an event with a new id, and returns the id. */
	public String publish(AllianceEvent event) {
		String id = UUID.randomUUID().toString();
		publish(event, id);
		return id;
	}

	/**
	 * Publishes an event under a given id; publishing the same id twice is a redelivery.
	 */
	public void publish(AllianceEvent event, String eventId) {
		publish(event, eventId, null);
	}

	/**
	 * Publishes an event under a given id, of a given version of its aggregate (the
	 * {@code aggregateversion} attribute); null leaves the attribute out.
	 */
	public void publish(AllianceEvent event, String eventId, Long aggregateVersion) {
		ProducerRecord<String, String> record = new ProducerRecord<>(event.type().topic(), event.key(),
				this.json.writeValueAsString(event));
		new CloudEventEnvelope(eventId, event.type().ceType(), "/paperlink/test", Instant.now(), event.subject(),
				aggregateVersion)
			.writeTo(record.headers());
		send(record);
	}

	/**
	 * Publishes an event as a newer producer would, with fields this release does not
	 * know; returns its id.
	 */
	public String publishWithNewFields(AllianceEvent event, java.util.Map<String, Object> newFields) {
		return publishWithNewFields(event, newFields, null);
	}

	/**
	 * As {@link #publishWithNewFields(AllianceEvent, java.util.Map)}, of a given version
	 * of its aggregate; null leaves the attribute out.
	 */
	public String publishWithNewFields(AllianceEvent event, java.util.Map<String, Object> newFields,
			Long aggregateVersion) {
		String id = UUID.randomUUID().toString();
		java.util.Map<String, Object> payload = new java.util.LinkedHashMap<>(this.json.convertValue(event,
				new tools.jackson.core.type.TypeReference<java.util.Map<String, Object>>() {
				}));
		payload.putAll(newFields);
		ProducerRecord<String, String> record = new ProducerRecord<>(event.type().topic(), event.key(),
				this.json.writeValueAsString(payload));
		new CloudEventEnvelope(id, event.type().ceType(), "/paperlink/test", Instant.now(), event.subject(),
				aggregateVersion)
			.writeTo(record.headers());
		send(record);
		return id;
	}

	public void send(ProducerRecord<String, String> record) {
		try {
			this.producer.send(record).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not publish to " + record.topic(), ex);
		}
	}

	@Override
	public void close() {
		this.producer.close();
	}

}
