package org.paperlink.events;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event schema changes only additively: against the schemas as last released
 * ({@code src/test/resources/released-schemas}, copied there when a release ships), no
 * property is removed or narrowed, nothing becomes required, and unknown properties stay
 * allowed. Consumers of the released contract then read every newer event.
 */
class SchemaEvolutionTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	static Stream<EventType> types() {
		return Stream.of(EventType.values());
	}

	@ParameterizedTest
	@MethodSource("types")
	void eachSchemaOnlyAddsToItsReleasedVersion(EventType type) throws IOException {
		JsonNode released = read("/released-schemas/" + fileOf(type));
		JsonNode current = read(type.schemaResource());
		assertThat(released).as("a released schema of %s", type.ceType()).isNotNull();
		assertThat(breaks(released, current)).isEmpty();
	}

	@Test
	void aRemovedPropertyANarrowedTypeAndANewRequirementAreEachCaught() throws IOException {
		JsonNode released = read("/released-schemas/" + fileOf(EventType.MEMBER_UPDATED));
		ObjectNode planted = (ObjectNode) released.deepCopy();
		((ObjectNode) planted.get("properties")).remove("reason");
		((ObjectNode) planted.get("properties").get("status")).put("type", "string");
		planted.withArray("required").add("status");
		assertThat(breaks(released, planted)).containsExactlyInAnyOrder("property reason removed",
				"property status narrowed from [string, null] to [string]", "status newly required");
	}

	/** What makes the current schema refuse an event the released one accepts. */
	static List<String> breaks(JsonNode released, JsonNode current) {
		List<String> breaks = new ArrayList<>();
		if (!current.path("additionalProperties").asBoolean(true)) {
			breaks.add("unknown properties refused");
		}
		for (String name : released.path("properties").propertyNames()) {
			JsonNode now = current.path("properties").get(name);
			if (now == null) {
				breaks.add("property " + name + " removed");
				continue;
			}
			List<String> before = typesOf(released.path("properties").get(name));
			List<String> after = typesOf(now);
			if (!after.isEmpty() && !new HashSet<>(after).containsAll(before)) {
				breaks.add("property " + name + " narrowed from " + before + " to " + after);
			}
		}
		Set<String> requiredBefore = new HashSet<>();
		released.path("required").forEach((name) -> requiredBefore.add(name.asString()));
		current.path("required").forEach((name) -> {
			if (!requiredBefore.contains(name.asString())) {
				breaks.add(name.asString() + " newly required");
			}
		});
		return breaks;
	}

	private static List<String> typesOf(JsonNode property) {
		JsonNode type = property.path("type");
		List<String> types = new ArrayList<>();
		if (type.isArray()) {
			type.forEach((one) -> types.add(one.asString()));
		}
		else if (type.isString()) {
			types.add(type.asString());
		}
		return types;
	}

	private static String fileOf(EventType type) {
		return type.schemaResource().substring(type.schemaResource().lastIndexOf('/') + 1);
	}

	private static JsonNode read(String resource) throws IOException {
		try (InputStream text = SchemaEvolutionTests.class.getResourceAsStream(resource)) {
			return (text != null) ? json.readTree(text) : null;
		}
	}

}
