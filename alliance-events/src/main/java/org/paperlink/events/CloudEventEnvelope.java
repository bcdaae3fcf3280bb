package org.paperlink.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The CloudEvents 1.0 attributes of a record in Kafka binary mode: they travel as
 * {@code ce_*} headers and the record value is the JSON payload.
 *
 * @param aggregateVersion the extension attribute {@code aggregateversion}: the version
 * of the aggregate that the event's change produced. A consumer that keeps state from an
 * aggregate's events ignores one older than what it holds (a re-sent or replayed event).
 * Null for events from producers that do not send it.
 */
public record CloudEventEnvelope(String id, String type, String source, Instant time, String subject,
		Long aggregateVersion) {

	public static final String SPEC_VERSION = "1.0";

	public static final String CONTENT_TYPE = "application/json";

	public static final String HEADER_SPEC_VERSION = "ce_specversion";

	public static final String HEADER_ID = "ce_id";

	public static final String HEADER_TYPE = "ce_type";

	public static final String HEADER_SOURCE = "ce_source";

	public static final String HEADER_TIME = "ce_time";

	public static final String HEADER_SUBJECT = "ce_subject";

	public static final String HEADER_CONTENT_TYPE = "content-type";

	public static final String HEADER_AGGREGATE_VERSION = "ce_aggregateversion";

	public CloudEventEnvelope(String id, String type, String source, Instant time, String subject) {
		this(id, type, source, time, subject, null);
	}

	public void writeTo(Headers headers) {
		put(headers, HEADER_SPEC_VERSION, SPEC_VERSION);
		put(headers, HEADER_ID, this.id);
		put(headers, HEADER_TYPE, this.type);
		put(headers, HEADER_SOURCE, this.source);
		put(headers, HEADER_TIME, this.time.toString());
		put(headers, HEADER_SUBJECT, this.subject);
		put(headers, HEADER_CONTENT_TYPE, CONTENT_TYPE);
		put(headers, HEADER_AGGREGATE_VERSION,
				(this.aggregateVersion != null) ? this.aggregateVersion.toString() : null);
	}

	/**
	 * Whether this event's aggregate version is older than or equal to one already held.
	 */
	public boolean isNotNewerThan(Long held) {
		return held != null && this.aggregateVersion != null && this.aggregateVersion <= held;
	}

	/**
	 * Reads the envelope of a record.
	 * @throws InvalidEnvelopeException when a required attribute is missing or malformed
	 */
	public static CloudEventEnvelope readFrom(Headers headers) {
		String specVersion = require(headers, HEADER_SPEC_VERSION);
		if (!SPEC_VERSION.equals(specVersion)) {
			throw new InvalidEnvelopeException("Unsupported CloudEvents specversion " + specVersion);
		}
		Instant time;
		try {
			time = Instant.parse(require(headers, HEADER_TIME));
		}
		catch (DateTimeParseException ex) {
			throw new InvalidEnvelopeException("Malformed " + HEADER_TIME);
		}
		Long aggregateVersion;
		try {
			aggregateVersion = read(headers, HEADER_AGGREGATE_VERSION).map(Long::valueOf).orElse(null);
		}
		catch (NumberFormatException ex) {
			throw new InvalidEnvelopeException("Malformed " + HEADER_AGGREGATE_VERSION);
		}
		return new CloudEventEnvelope(require(headers, HEADER_ID), require(headers, HEADER_TYPE),
				require(headers, HEADER_SOURCE), time, read(headers, HEADER_SUBJECT).orElse(null), aggregateVersion);
	}

	private static void put(Headers headers, String name, String value) {
		headers.remove(name);
		if (value != null) {
			headers.add(name, value.getBytes(StandardCharsets.UTF_8));
		}
	}

	private static String require(Headers headers, String name) {
		return read(headers, name).orElseThrow(() -> new InvalidEnvelopeException("Missing header " + name));
	}

	private static Optional<String> read(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		if (header == null || header.value() == null || header.value().length == 0) {
			return Optional.empty();
		}
		return Optional.of(new String(header.value(), StandardCharsets.UTF_8));
	}

	/**
	 * A record whose headers are not a valid CloudEvents envelope: it can never be
	 * processed.
	 */
	public static class InvalidEnvelopeException extends RuntimeException {

		public InvalidEnvelopeException(String message) {
			super(message);
		}

	}

}
