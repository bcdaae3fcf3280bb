package org.paperlink.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperlink.deployment.Manifests.name;
import static org.paperlink.deployment.Manifests.ofKind;
import static org.paperlink.deployment.Manifests.render;

/**
 * Every resource of both overlays that is not a Strimzi resource (those are
 * {@link StrimziSchemaTests}'s) against a JSON schema of its kind: the core Kubernetes
 * kinds against schemas derived from the {@code kubernetes-models} npm package, the
 * prometheus-operator kinds against schemas derived from
 * {@code @kubernetes-models/prometheus-operator} (src/test/resources/kubernetes-schemas/,
 * whose README says how). The schemas are strict: an object rejects fields that its type
 * does not declare, as {@code kubectl apply}'s field validation does, instead of the API
 * server dropping them silently.
 */
class KubernetesSchemaTests {

	/** Bundles of definitions, each named {@code <group>_<version>_<Kind>}. */
	private static final List<String> BUNDLES = List.of("kubernetes-models-5.1.0.json",
			"prometheus-operator-6.0.0.json");

	/** What the overlays render today, so that a kind cannot drop out unnoticed. */
	private static final Set<String> RENDERED_KINDS = Set.of("apps/v1 Deployment", "apps/v1 StatefulSet",
			"batch/v1 Job", "autoscaling/v2 HorizontalPodAutoscaler", "networking.k8s.io/v1 Ingress",
			"networking.k8s.io/v1 NetworkPolicy", "policy/v1 PodDisruptionBudget", "v1 ConfigMap", "v1 Namespace",
			"v1 Service", "v1 ServiceAccount", "monitoring.coreos.com/v1 PodMonitor",
			"monitoring.coreos.com/v1 PrometheusRule");

	private static final String STRIMZI_GROUP = "kafka.strimzi.io/";

	/** definition name to schema. */
	private static final Map<String, Schema> schemas = new HashMap<>();

	@BeforeAll
	static void loadTheSchemas() throws IOException {
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
		for (String bundle : BUNDLES) {
			JsonNode definitions;
			try (InputStream text = KubernetesSchemaTests.class.getResourceAsStream("/kubernetes-schemas/" + bundle)) {
				definitions = Manifests.YAML.readTree(text).get("definitions");
			}
			for (String definition : definitions.propertyNames()) {
				if (!definition.startsWith("I")) {
					// a kind: its definition refers to the bundle's other definitions
					ObjectNode root = Manifests.YAML.createObjectNode();
					root.put("$schema", "http://json-schema.org/draft-07/schema#");
					root.set("definitions", definitions);
					root.put("$ref", "#/definitions/" + definition);
					schemas.put(definition, registry.getSchema(root.toString()));
				}
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void everyCoreAndMonitoringResourceValidatesAgainstTheSchemaOfItsKind(String overlay) {
		List<JsonNode> resources = render(overlay).stream()
			.filter((resource) -> !resource.at("/apiVersion").asString().startsWith(STRIMZI_GROUP))
			.toList();
		Set<String> kinds = new TreeSet<>();
		resources.forEach(
				(resource) -> kinds.add(resource.at("/apiVersion").asString() + " " + resource.at("/kind").asString()));
		assertThat(kinds).containsAll(RENDERED_KINDS);
		assertThat(resources).allSatisfy((resource) -> assertThat(violations(resource)).as(name(resource)).isEmpty());
	}

	@Test
	void theSchemaCheckReportsAnUnknownFieldAndAWrongTypeInADeployment() {
		JsonNode deployment = ofKind(render("prod"), "Deployment").get(0);
		assertThat(violations(deployment)).isEmpty();

		ObjectNode unknownField = (ObjectNode) deployment.deepCopy();
		// a typo kubectl would reject: the field is "replicas"
		((ObjectNode) unknownField.get("spec")).put("replica", 2);
		assertThat(violations(unknownField)).singleElement().asString().contains("/spec").contains("'replica'");

		ObjectNode wrongType = (ObjectNode) deployment.deepCopy();
		((ObjectNode) wrongType.at("/spec/template/spec/containers/0/ports/0")).put("containerPort", "http");
		assertThat(violations(wrongType)).singleElement()
			.asString()
			.contains("/spec/template/spec/containers/0/ports/0/containerPort");

		// int32 in the Kubernetes API
		ObjectNode fraction = (ObjectNode) deployment.deepCopy();
		((ObjectNode) fraction.at("/spec/template/spec/containers/0/ports/0")).put("containerPort", 8080.5);
		assertThat(violations(fraction)).singleElement()
			.asString()
			.contains("/spec/template/spec/containers/0/ports/0/containerPort")
			.contains("integer");
	}

	@Test
	void theSchemaCheckReportsAMissingRequiredFieldAWrongEnumValueAndAnUnknownKind() {
		List<JsonNode> resources = render("prod");
		ObjectNode service = (ObjectNode) ofKind(resources, "Service").get(0).deepCopy();
		((ObjectNode) service.at("/spec/ports/0")).remove("port");
		assertThat(violations(service)).singleElement().asString().contains("port");

		ObjectNode protocol = (ObjectNode) ofKind(resources, "Service").get(0).deepCopy();
		((ObjectNode) protocol.at("/spec/ports/0")).put("protocol", "tcp");
		assertThat(violations(protocol)).singleElement().asString().contains("/spec/ports/0/protocol");

		ObjectNode oldApi = (ObjectNode) ofKind(resources, "HorizontalPodAutoscaler").get(0).deepCopy();
		oldApi.put("apiVersion", "autoscaling/v2beta2");
		assertThat(violations(oldApi)).singleElement().asString().contains("no schema");
	}

	@Test
	void theMonitoringSchemasRejectAnUnknownFieldAndAWrongType() {
		List<JsonNode> resources = render("prod");
		ObjectNode podMonitor = (ObjectNode) ofKind(resources, "PodMonitor").get(0).deepCopy();
		ArrayNode endpoints = (ArrayNode) podMonitor.at("/spec/podMetricsEndpoints");
		// the field is "path"
		((ObjectNode) endpoints.get(0)).put("metricsPath", "/actuator/prometheus");
		assertThat(violations(podMonitor)).singleElement()
			.asString()
			.contains("/spec/podMetricsEndpoints/0")
			.contains("metricsPath");

		ObjectNode rule = (ObjectNode) ofKind(resources, "PrometheusRule").get(0).deepCopy();
		((ObjectNode) rule.at("/spec/groups/0/rules/0")).put("for", 15);
		assertThat(violations(rule)).singleElement().asString().contains("/spec/groups/0/rules/0/for");
	}

	static List<String> violations(JsonNode resource) {
		String apiVersion = resource.at("/apiVersion").asString();
		String definition = apiVersion.replace('/', '_').replace('.', '_') + "_" + resource.at("/kind").asString();
		Schema schema = schemas.get(definition);
		if (schema == null) {
			return List.of("no schema for " + apiVersion + " " + resource.at("/kind").asString()
					+ " in src/test/resources/kubernetes-schemas");
		}
		return schema.validate(resource).stream().map(Object::toString).toList();
	}

}
