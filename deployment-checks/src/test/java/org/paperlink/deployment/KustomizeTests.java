package org.paperlink.deployment;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperlink.events.Topics;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests cannot be applied here (no cluster), so both overlays are
 * rendered with {@code kubectl kustomize} and the result is checked against PaperLink's
 * rules.
 */
class KustomizeTests {

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void everyDeploymentIsProbedLimitedAndRunsAsNonRoot(String overlay) throws Exception {
		List<JsonNode> deployments = ofKind(render(overlay), "Deployment");
		assertThat(deployments).extracting((deployment) -> deployment.at("/metadata/name").asString())
			.containsExactlyInAnyOrder("alliance-service", "notification-service");
		for (JsonNode deployment : deployments) {
			JsonNode pod = deployment.at("/spec/template/spec");
			JsonNode container = pod.at("/containers/0");
			String name = deployment.at("/metadata/name").asString();
			assertThat(container.at("/livenessProbe/httpGet/path").asString()).as(name)
				.isEqualTo("/actuator/health/liveness");
			assertThat(container.at("/readinessProbe/httpGet/path").asString()).as(name)
				.isEqualTo("/actuator/health/readiness");
			assertThat(container.at("/startupProbe/httpGet/path").asString()).as(name)
				.isEqualTo("/actuator/health/liveness");
			assertThat(container.at("/resources/requests/memory").isMissingNode()).as(name).isFalse();
			assertThat(container.at("/resources/limits/memory").isMissingNode()).as(name).isFalse();
			assertThat(container.at("/resources/limits/cpu").isMissingNode()).as(name).isFalse();
			assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(name).isTrue();
			assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).as(name).isFalse();
			assertThat(container.at("/lifecycle/preStop").isMissingNode()).as(name).isFalse();
			assertThat(pod.at("/terminationGracePeriodSeconds").asInt()).as(name).isGreaterThan(20);
			assertThat(pod.at("/automountServiceAccountToken").asBoolean(true)).as(name).isFalse();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void everyTopicOfTheEventContractHasAKafkaTopicAndADeadLetterTopic(String overlay) throws Exception {
		List<String> declared = ofKind(render(overlay), "KafkaTopic").stream()
			.map((topic) -> topic.at("/spec/topicName").asString())
			.toList();
		for (String topic : Topics.ALL) {
			assertThat(declared).contains(topic, Topics.deadLetter(topic));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void eachServiceScalesAndSurvivesDisruptionAndOnlyTheServicesReachMongoDb(String overlay) throws Exception {
		List<JsonNode> resources = render(overlay);
		assertThat(ofKind(resources, "HorizontalPodAutoscaler")).hasSize(2);
		assertThat(ofKind(resources, "PodDisruptionBudget"))
			.extracting((budget) -> budget.at("/metadata/name").asString())
			.containsExactlyInAnyOrder("alliance-service", "notification-service", "mongodb");
		assertThat(ofKind(resources, "NetworkPolicy")).anySatisfy(
				(policy) -> assertThat(policy.at("/spec/podSelector/matchLabels/app.kubernetes.io~1name").asString())
					.isEqualTo("mongodb"));
		assertThat(ofKind(resources, "ServiceAccount"))
			.allSatisfy((account) -> assertThat(account.at("/automountServiceAccountToken").asBoolean(true)).isFalse());
		assertThat(ofKind(resources, "Kafka").get(0).at("/spec/kafka/listeners/0/networkPolicyPeers").isArray())
			.isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "prod" })
	void productionKeepsThreeReplicasOfKafkaAndMongoDbAndNeedsTwoInSync(String overlay) throws Exception {
		List<JsonNode> resources = render(overlay);
		assertThat(ofKind(resources, "KafkaNodePool").get(0).at("/spec/replicas").asInt()).isEqualTo(3);
		assertThat(ofKind(resources, "Kafka").get(0).at("/spec/kafka/config/min.insync.replicas").asInt()).isEqualTo(2);
		assertThat(ofKind(resources, "StatefulSet").get(0).at("/spec/replicas").asInt()).isEqualTo(3);
		assertThat(ofKind(resources, "KafkaTopic"))
			.allSatisfy((topic) -> assertThat(topic.at("/spec/replicas").asInt()).isEqualTo(3));
	}

	private static List<JsonNode> ofKind(List<JsonNode> resources, String kind) {
		return resources.stream().filter((resource) -> kind.equals(resource.at("/kind").asString())).toList();
	}

	private static List<JsonNode> render(String overlay) {
		return Manifests.render(overlay);
	}

}
