package org.paperlink.notification.consumer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.CompletionException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
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
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Where alliance events enter: each record is read as a CloudEvent of a known type whose
 * payload keeps its JSON Schema (or declared poison), then handed to the pipeline, a
 * polled batch at a time. One listener container per topic, so that a slow topic (a
 * notice to thousands) never holds up another. Each batch is handled completely before
 * its offsets are committed: at least once, with every effect keyed by the event id.
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

	@KafkaListener(id = "membership-notifications", topics = Topics.MEMBERS, batch = "true")
	void onMembershipEvents(List<ConsumerRecord<String, String>> records) {
		handle(records);
	}

	@KafkaListener(id = "capacity-notifications", topics = Topics.CAPACITY, batch = "true")
	void onCapacityEvents(List<ConsumerRecord<String, String>> records) {
		handle(records);
	}

	@KafkaListener(id = "renovation-notifications", topics = Topics.RENOVATIONS, batch = "true")
	void onRenovationEvents(List<ConsumerRecord<String, String>> records) {
		handle(records);
	}

	@KafkaListener(id = "notice-notifications", topics = Topics.NOTICES, batch = "true")
	void onNoticeEvents(List<ConsumerRecord<String, String>> records) {
		handle(records);
	}

	@KafkaListener(id = "market-notifications", topics = Topics.MARKET, batch = "true")
	void onMarketEvents(List<ConsumerRecord<String, String>> records) {
		handle(records);
	}

	/**
	 * Handles a batch as one: the records before a poison one are handled, then the
	 * poison one goes to its dead-letter topic. A failure names the record to retry from
	 * (the error handler commits the ones before it): the first, when the cause is the
	 * store or the network; otherwise the batch is tried one record at a time, so that
	 * only the record at fault is retried and dead-lettered.
	 */
	private void handle(List<ConsumerRecord<String, String>> records) {
		List<ReceivedEvent> events = new ArrayList<>();
		for (int i = 0; i < records.size(); i++) {
			try {
				events.add(read(records.get(i)));
			}
			catch (PoisonRecordException ex) {
				handle(events, records.subList(0, i));
				throw new BatchListenerFailedException(ex.getMessage(), ex, records.get(i));
			}
		}
		handle(events, records);
	}

	private void handle(List<ReceivedEvent> events, List<ConsumerRecord<String, String>> records) {
		if (events.isEmpty()) {
			return;
		}
		Throwable failure = outcome(events);
		if (failure != null) {
			if (events.size() == 1 || KafkaConsumerConfiguration.isTransient(failure)) {
				throw new BatchListenerFailedException("Handling " + events.get(0).id() + " failed", failure,
						records.get(0));
			}
			for (int i = 0; i < events.size(); i++) {
				Throwable alone = outcome(List.of(events.get(i)));
				if (alone != null) {
					throw new BatchListenerFailedException("Handling " + events.get(i).id() + " failed", alone,
							records.get(i));
				}
			}
		}
		ConsumerRecord<String, String> last = records.get(records.size() - 1);
		log.info("Notifications delivered for {} events of {}-{} (offsets {}–{}): {}", events.size(), last.topic(),
				last.partition(), records.get(0).offset(), last.offset(), named(events, records));
	}

	/**
	 * Each event of a batch by id, type and the trace it was published in: one line per
	 * batch, in which the trace of the request that caused an event is still found.
	 */
	private static String named(List<ReceivedEvent> events, List<ConsumerRecord<String, String>> records) {
		StringJoiner named = new StringJoiner(", ");
		for (int i = 0; i < events.size(); i++) {
			Header traceparent = records.get(i).headers().lastHeader("traceparent");
			String[] parts = (traceparent != null) ? new String(traceparent.value(), StandardCharsets.UTF_8).split("-")
					: new String[0];
			named.add(events.get(i).id() + " " + events.get(i).type()
					+ ((parts.length == 4) ? " trace " + parts[1] : ""));
		}
		return named.toString();
	}

	/** Handles events to the end; the failure, if any. */
	private Throwable outcome(List<ReceivedEvent> events) {
		try {
			// the consumer thread waits for the effects: offsets are committed only after
			// them
			this.pipeline.handle(events).toFuture().join();
			return null;
		}
		catch (CompletionException ex) {
			return (ex.getCause() != null) ? ex.getCause() : ex;
		}
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
		return new ReceivedEvent(envelope, payload, record.topic() + "-" + record.partition());
	}

}
