package org.paperlink.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperlink.deployment.Manifests.name;
import static org.paperlink.deployment.Manifests.ofKind;
import static org.paperlink.deployment.Manifests.render;

/**
 * Every Strimzi resource of both overlays against the CRDs of the pinned Strimzi release
 * (src/test/resources/strimzi-crds/, generated from Maven Central's io.strimzi
 * artifacts): the API version must be one the release serves, and the resource must
 * validate against that version's schema with unknown fields rejected, as the API
 * server's structural pruning would otherwise drop them silently.
 */
class StrimziSchemaTests {

	static final String STRIMZI = "1.2.0";

	private static final String GROUP = "kafka.strimzi.io";

	private static final List<String> CRDS = List.of("040-Crd-kafka.yaml", "043-Crd-kafkatopic.yaml",
			"045-Crd-kafkanodepool.yaml");

	/** kind to (served version to schema). */
	private static final Map<String, Map<String, Schema>> schemas = new HashMap<>();

	@BeforeAll
	static void loadTheCrds() throws IOException {
		for (String crd : CRDS) {
			JsonNode definition = resource("/strimzi-crds/" + STRIMZI + "/" + crd);
			Map<String, Schema> versions = new HashMap<>();
			for (JsonNode version : definition.at("/spec/versions")) {
				if (version.get("served").asBoolean()) {
					JsonNode schema = strict(version.at("/schema/openAPIV3Schema").deepCopy());
					versions.put(version.get("name").asString(),
							SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
								.getSchema(schema.toString()));
				}
			}
			schemas.put(definition.at("/spec/names/kind").asString(), versions);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void everyStrimziResourceValidatesAgainstThePinnedCrds(String overlay) {
		List<JsonNode> strimzi = strimzi(render(overlay));
		assertThat(strimzi).extracting((resource) -> resource.at("/kind").asString())
			.contains("Kafka", "KafkaNodePool", "KafkaTopic");
		assertThat(strimzi).allSatisfy((resource) -> assertThat(violations(resource)).as(name(resource)).isEmpty());
	}

	@Test
	void theSchemaCheckRejectsAnOldApiVersionAnUnknownFieldAndAWrongType() {
		List<JsonNode> resources = render("prod");
		ObjectNode kafka = (ObjectNode) ofKind(resources, "Kafka").get(0);
		ObjectNode oldApi = kafka.deepCopy();
		oldApi.put("apiVersion", GROUP + "/v1beta2");
		assertThat(violations(oldApi)).isNotEmpty();

		ObjectNode unknownField = kafka.deepCopy();
		((ObjectNode) unknownField.at("/spec/kafka")).put("replicas", 3);
		assertThat(violations(unknownField)).isNotEmpty();

		ObjectNode topic = (ObjectNode) ofKind(resources, "KafkaTopic").get(0).deepCopy();
		((ObjectNode) topic.get("spec")).put("partitions", "six");
		assertThat(violations(topic)).isNotEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void kafkaRunsAVersionThePinnedStrimziSupportsWithoutObsoleteAnnotations(String overlay) throws IOException {
		List<String> supported;
		try (InputStream versions = StrimziSchemaTests.class
			.getResourceAsStream("/strimzi-crds/" + STRIMZI + "/kafka-versions.txt")) {
			supported = new String(versions.readAllBytes(), StandardCharsets.UTF_8).lines()
				.filter((line) -> !line.isBlank())
				.toList();
		}
		List<JsonNode> resources = render(overlay);
		JsonNode kafka = ofKind(resources, "Kafka").get(0);
		assertThat(kafka.at("/spec/kafka/version").asString()).isIn(supported);
		// KRaft and node pools are all Strimzi 1.x knows: the annotations that enabled
		// them are gone
		assertThat(strimzi(resources)).allSatisfy(
				(resource) -> assertThat(resource.at("/metadata/annotations").propertyNames()).as(name(resource))
					.doesNotContain("strimzi.io/kraft", "strimzi.io/node-pools"));
	}

	static List<String> violations(JsonNode resource) {
		String apiVersion = resource.at("/apiVersion").asString();
		String kind = resource.at("/kind").asString();
		Map<String, Schema> versions = schemas.get(kind);
		if (versions == null) {
			return List.of(kind + " has no CRD in Strimzi " + STRIMZI);
		}
		String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
		if (!apiVersion.startsWith(GROUP + "/") || !versions.containsKey(version)) {
			return List
				.of(apiVersion + " is not served by Strimzi " + STRIMZI + " (it serves " + versions.keySet() + ")");
		}
		return versions.get(version).validate(resource).stream().map(Object::toString).toList();
	}

	private static List<JsonNode> strimzi(List<JsonNode> resources) {
		List<JsonNode> strimzi = new ArrayList<>();
		for (JsonNode resource : resources) {
			if (resource.at("/apiVersion").asString().startsWith(GROUP + "/")) {
				strimzi.add(resource);
			}
		}
		return strimzi;
	}

	/**
	 * The CRD's OpenAPI v3 schema as a JSON Schema that rejects unknown fields: every
	 * object with declared properties gets {@code additionalProperties: false}, unless it
	 * keeps unknown fields on purpose ({@code x-kubernetes-preserve-unknown-fields}, e.g.
	 * the Kafka config maps); {@code x-kubernetes-int-or-string} becomes either type.
	 */
	private static JsonNode strict(JsonNode node) {
		if (node instanceof ObjectNode object) {
			if (object.path("x-kubernetes-int-or-string").asBoolean(false)) {
				object.remove("type");
				object.putArray("type").add("integer").add("string");
			}
			if ("object".equals(object.path("type").asString("")) && object.has("properties")
					&& !object.has("additionalProperties")
					&& !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
				object.put("additionalProperties", false);
			}
			if (object.path("nullable").asBoolean(false) && object.path("type").isString()) {
				String type = object.remove("type").asString();
				object.putArray("type").add(type).add("null");
			}
			object.forEach(StrimziSchemaTests::strict);
		}
		else if (node.isArray()) {
			node.forEach(StrimziSchemaTests::strict);
		}
		return node;
	}

	private static JsonNode resource(String path) throws IOException {
		try (InputStream text = StrimziSchemaTests.class.getResourceAsStream(path)) {
			return Manifests.YAML.readTree(text);
		}
	}

}
