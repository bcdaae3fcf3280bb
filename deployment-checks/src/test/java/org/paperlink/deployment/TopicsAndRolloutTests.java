package org.paperlink.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperlink.events.Topics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperlink.deployment.Manifests.ROOT;
import static org.paperlink.deployment.Manifests.name;
import static org.paperlink.deployment.Manifests.named;
import static org.paperlink.deployment.Manifests.ofKind;
import static org.paperlink.deployment.Manifests.render;

/**
 * Who owns the topics, and what a rollout does: the Topic Operator owns every topic the
 * services use and the services are told not to create or alter them; replicas agree
 * between the KafkaTopics, the broker defaults, the node pool and the services; the HPA
 * alone sets the services' replica counts; a ConfigMap change rolls the pods; MongoDB and
 * the services survive the loss of a node.
 */
class TopicsAndRolloutTests {

	private static final List<String> SERVICES = List.of("alliance-service", "notification-service");

	/** {@code topics = "${property:default}"} of a @KafkaListener. */
	private static final Pattern LISTENER_TOPIC = Pattern.compile("topics = \"\\$\\{[^:}]+:([^}]+)}\"");

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void everyTopicTheServicesUseIsAKafkaTopic(String overlay) throws IOException {
		List<String> declared = ofKind(render(overlay), "KafkaTopic").stream()
			.map((topic) -> topic.at("/spec/topicName").asString())
			.toList();
		List<String> used = new ArrayList<>();
		Topics.ALL.forEach((topic) -> used.addAll(List.of(topic, Topics.deadLetter(topic))));
		used.addAll(listenerTopicsNamedInTheSource());
		assertThat(used).contains("paperlink.notification.inbox-live");
		assertThat(declared).containsAll(used);
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void topicSettingsAgreeBetweenStrimziAndTheServices(String overlay) {
		assertThat(topicViolations(render(overlay))).isEmpty();
	}

	@Test
	void theTopicCheckCatchesServicesThatWouldCreateTopicsAndReplicasThatDisagree() {
		List<JsonNode> creating = render("prod");
		ObjectNode config = (ObjectNode) configMap(creating).get("data");
		config.remove("KAFKA_CREATE_TOPICS");
		config.put("KAFKA_PARTITIONS", "6");
		assertThat(topicViolations(creating))
			.anySatisfy((violation) -> assertThat(violation).contains("KAFKA_CREATE_TOPICS"))
			.anySatisfy((violation) -> assertThat(violation).contains("alliance.members has 3 partitions"));

		List<JsonNode> disagreeing = render("prod");
		((ObjectNode) ofKind(disagreeing, "KafkaTopic").get(0).get("spec")).put("replicas", 2);
		assertThat(topicViolations(disagreeing)).isNotEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void theHorizontalPodAutoscalerAloneSetsTheReplicasOfWhatItScales(String overlay) {
		List<JsonNode> resources = render(overlay);
		List<JsonNode> autoscalers = ofKind(resources, "HorizontalPodAutoscaler");
		assertThat(autoscalers).hasSize(2);
		for (JsonNode autoscaler : autoscalers) {
			JsonNode target = named(resources, autoscaler.at("/spec/scaleTargetRef/kind").asString(),
					autoscaler.at("/spec/scaleTargetRef/name").asString());
			assertThat(target.at("/spec/replicas").isMissingNode()).as("%s sets spec.replicas", name(target)).isTrue();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void aConfigMapChangeRollsThePods(String overlay) {
		List<JsonNode> resources = render(overlay);
		String configName = configMap(resources).at("/metadata/name").asString();
		assertThat(configName).matches("paperlink-config-[a-z0-9]{10}");
		for (String service : SERVICES) {
			assertThat(named(resources, "Deployment", service)
				.at("/spec/template/spec/containers/0/envFrom/0/configMapRef/name")
				.asString()).isEqualTo(configName);
		}
		// a different content is a different name, and so a new pod template
		assertThat(configMap(render("dev")).at("/metadata/name").asString())
			.isNotEqualTo(configMap(render("prod")).at("/metadata/name").asString());
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void theServicesAndTheKafkaNodesSpreadOverNodes(String overlay) {
		List<JsonNode> resources = render(overlay);
		for (String service : SERVICES) {
			assertThat(topologyKeys(named(resources, "Deployment", service).at("/spec/template/spec"))).as(service)
				.contains("kubernetes.io/hostname", "topology.kubernetes.io/zone");
		}
		assertThat(topologyKeys(ofKind(resources, "KafkaNodePool").get(0).at("/spec/template/pod")))
			.contains("kubernetes.io/hostname");
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void mongoDbAuthenticatesWithAKeyFileAndSurvivesTheLossOfANode(String overlay) {
		List<JsonNode> resources = render(overlay);
		JsonNode mongodb = named(resources, "StatefulSet", "mongodb").at("/spec/template/spec");
		assertThat(mongodb.at("/containers/0/args").toString()).contains("--keyFile");
		assertThat(mongodb.at("/volumes").toString()).contains("\"secretName\":\"paperlink-mongodb\"");
		assertThat(mongodb.at("/containers/0/env").toString()).contains("MONGO_INITDB_ROOT_PASSWORD");
		assertThat(mongodb.at("/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/topologyKey")
			.asString()).isEqualTo("kubernetes.io/hostname");
		assertThat(named(resources, "PodDisruptionBudget", "mongodb").at("/spec/maxUnavailable").asInt()).isEqualTo(1);
		// the services sign in: their URI (with the password) comes from the Secret
		for (String service : SERVICES) {
			assertThat(env(resources, service)).containsEntry("MONGODB_URI", "secret:paperlink-mongodb/uri");
		}
		assertThat(configMap(resources).at("/data/MONGODB_URI").isMissingNode()).isTrue();
	}

	/**
	 * Where Strimzi's Topic Operator owns the topics, the services must not create them
	 * or raise their partitions (KafkaAdmin does both); replicas agree everywhere.
	 */
	static List<String> topicViolations(List<JsonNode> resources) {
		List<String> violations = new ArrayList<>();
		List<JsonNode> topics = ofKind(resources, "KafkaTopic");
		int nodes = ofKind(resources, "KafkaNodePool").stream()
			.mapToInt((pool) -> pool.at("/spec/replicas").asInt())
			.sum();
		JsonNode brokerConfig = ofKind(resources, "Kafka").get(0).at("/spec/kafka/config");
		int defaultReplicas = brokerConfig.path("default.replication.factor").asInt();
		if (!brokerConfig.path("auto.create.topics.enable").isBoolean()
				|| brokerConfig.path("auto.create.topics.enable").asBoolean()) {
			violations.add("the brokers create topics on first use (auto.create.topics.enable)");
		}
		for (String service : SERVICES) {
			Map<String, String> env = env(resources, service);
			if (!topics.isEmpty() && !"false".equals(env.get("KAFKA_CREATE_TOPICS"))) {
				violations
					.add(service + " creates and alters topics the Topic Operator owns: set KAFKA_CREATE_TOPICS=false");
			}
			String partitions = env.get("KAFKA_PARTITIONS");
			String replicas = env.get("KAFKA_REPLICATION_FACTOR");
			for (JsonNode topic : topics) {
				String topicName = topic.at("/spec/topicName").asString();
				int topicPartitions = topic.at("/spec/partitions").asInt();
				int topicReplicas = topic.at("/spec/replicas").asInt();
				if (!"false".equals(env.get("KAFKA_CREATE_TOPICS")) && partitions != null
						&& Integer.parseInt(partitions) != topicPartitions) {
					violations.add(topicName + " has " + topicPartitions + " partitions, " + service + " declares "
							+ partitions);
				}
				if (replicas == null || Integer.parseInt(replicas) != topicReplicas) {
					violations.add(topicName + " has " + topicReplicas + " replicas, " + service
							+ " KAFKA_REPLICATION_FACTOR is " + replicas);
				}
			}
		}
		for (JsonNode topic : topics) {
			String topicName = topic.at("/spec/topicName").asString();
			int topicReplicas = topic.at("/spec/replicas").asInt();
			int minInSync = topic.at("/spec/config/min.insync.replicas").asInt(1);
			if (topicReplicas != defaultReplicas) {
				violations
					.add(topicName + " has " + topicReplicas + " replicas, the brokers' default is " + defaultReplicas);
			}
			if (topicReplicas > nodes) {
				violations.add(topicName + " has " + topicReplicas + " replicas on " + nodes + " Kafka nodes");
			}
			if (minInSync > topicReplicas || (topicReplicas > 1 && minInSync == topicReplicas)) {
				violations.add(topicName + ": min.insync.replicas " + minInSync + " of " + topicReplicas
						+ " replicas stops every write when one broker is down");
			}
		}
		return violations;
	}

	/**
	 * The environment of a service's container: its ConfigMap, then its own env
	 * ({@code secret:<name>/<key>} for a Secret's value).
	 */
	static Map<String, String> env(List<JsonNode> resources, String service) {
		JsonNode container = named(resources, "Deployment", service).at("/spec/template/spec/containers/0");
		Map<String, String> env = new LinkedHashMap<>();
		for (JsonNode source : container.path("envFrom")) {
			JsonNode data = named(resources, "ConfigMap", source.at("/configMapRef/name").asString()).path("data");
			data.propertyNames().forEach((key) -> env.put(key, data.get(key).asString()));
		}
		for (JsonNode variable : container.path("env")) {
			env.put(variable.get("name").asString(),
					variable.has("value") ? variable.get("value").asString()
							: "secret:" + variable.at("/valueFrom/secretKeyRef/name").asString() + "/"
									+ variable.at("/valueFrom/secretKeyRef/key").asString());
		}
		return env;
	}

	private static JsonNode configMap(List<JsonNode> resources) {
		return ofKind(resources, "ConfigMap").stream()
			.filter((map) -> map.at("/metadata/name").asString().startsWith("paperlink-config"))
			.findFirst()
			.orElseThrow();
	}

	private static List<String> topologyKeys(JsonNode pod) {
		List<String> keys = new ArrayList<>();
		pod.path("topologySpreadConstraints")
			.forEach((constraint) -> keys.add(constraint.get("topologyKey").asString()));
		return keys;
	}

	private static List<String> listenerTopicsNamedInTheSource() throws IOException {
		List<String> topics = new ArrayList<>();
		for (String service : SERVICES) {
			try (Stream<Path> files = Files.walk(ROOT.resolve(service).resolve("src/main/java"))) {
				for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
					Matcher matcher = LISTENER_TOPIC.matcher(Files.readString(file));
					while (matcher.find()) {
						topics.add(matcher.group(1));
					}
				}
			}
		}
		return topics;
	}

}
