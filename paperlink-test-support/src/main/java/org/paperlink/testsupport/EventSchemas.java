package org.paperlink.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.paperlink.events.EventType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks an event payload against the JSON Schema its type publishes in
 * {@code alliance-events}.
 */
public final class EventSchemas {

	private static final SchemaRegistry registry = SchemaRegistry
		.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	private static final JsonMapper json = JsonMapper.builder().build();

	private EventSchemas() {
	}

	/** The violations of the payload, empty when it is valid. */
	public static List<String> violations(String ceType, String payload) {
		EventType type = EventType.ofCeType(ceType)
			.orElseThrow(() -> new IllegalArgumentException("Unknown event type " + ceType));
		try (InputStream schemaText = EventType.class.getResourceAsStream(type.schemaResource())) {
			if (schemaText == null) {
				throw new IllegalStateException("No JSON Schema published for " + ceType);
			}
			Schema schema = registry.getSchema(schemaText);
			return schema.validate(json.readTree(payload)).stream().map(Object::toString).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
