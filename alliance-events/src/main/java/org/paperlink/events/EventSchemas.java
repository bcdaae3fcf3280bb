package org.paperlink.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a payload against the JSON Schema its event type publishes in this module.
 * Consumers use it to refuse a record missing a required field or holding a value of the
 * wrong kind; tests use it to prove what the producer publishes. A type without a
 * published schema is not checked.
 */
public final class EventSchemas {

	private static final SchemaRegistry registry = SchemaRegistry
		.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Map<EventType, Optional<Schema>> schemas = new ConcurrentHashMap<>();

	private EventSchemas() {
	}

	/** The violations of the payload, empty when it keeps its type's schema. */
	public static List<String> violations(EventType type, String payload) {
		Optional<Schema> schema = schemas.computeIfAbsent(type, EventSchemas::load);
		if (schema.isEmpty()) {
			return List.of();
		}
		try {
			return schema.get().validate(json.readTree(payload)).stream().map(Object::toString).toList();
		}
		catch (JacksonException ex) {
			return List.of("not JSON: " + ex.getOriginalMessage());
		}
	}

	public static List<String> violations(String ceType, String payload) {
		return violations(EventType.ofCeType(ceType)
			.orElseThrow(() -> new IllegalArgumentException("Unknown event type " + ceType)), payload);
	}

	private static Optional<Schema> load(EventType type) {
		try (InputStream text = EventType.class.getResourceAsStream(type.schemaResource())) {
			return (text != null) ? Optional.of(registry.getSchema(text)) : Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
