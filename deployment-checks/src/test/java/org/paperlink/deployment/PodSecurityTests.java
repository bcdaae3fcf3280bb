package org.paperlink.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperlink.deployment.Manifests.name;
import static org.paperlink.deployment.Manifests.named;
import static org.paperlink.deployment.Manifests.ofKind;
import static org.paperlink.deployment.Manifests.render;

/**
 * Every pod the overlays make, Jobs and the Strimzi pod templates included, meets the Pod
 * Security Standard "restricted" (as the namespace enforces it), and every probe says how
 * long it waits.
 */
class PodSecurityTests {

	private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job");

	private static final Set<String> ALLOWED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
			"ephemeral", "persistentVolumeClaim", "projected", "secret");

	private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
			"net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
			"net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
			"net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void everyPodMeetsPodSecurityRestricted(String overlay) {
		List<JsonNode> resources = render(overlay);
		List<JsonNode> pods = pods(resources);
		assertThat(pods).hasSizeGreaterThanOrEqualTo(4);
		assertThat(pods)
			.allSatisfy((pod) -> assertThat(restrictedViolations(pod)).as(pod.path("_of").asString()).isEmpty());
		JsonNode namespace = ofKind(resources, "Namespace").get(0);
		assertThat(namespace.at("/metadata/labels/pod-security.kubernetes.io~1enforce").asString())
			.isEqualTo("restricted");
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void strimzisPodsAreMadeRestrictedToo(String overlay) {
		List<JsonNode> resources = render(overlay);
		JsonNode pool = ofKind(resources, "KafkaNodePool").get(0).at("/spec/template");
		assertThat(restrictedViolations(strimziPod(pool.path("pod"), pool.path("kafkaContainer")))).isEmpty();
		JsonNode entityOperator = ofKind(resources, "Kafka").get(0).at("/spec/entityOperator/template");
		assertThat(restrictedViolations(
				strimziPod(entityOperator.path("pod"), entityOperator.path("topicOperatorContainer"))))
			.isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void everyProbeHasAnExplicitTimeout(String overlay) {
		for (JsonNode pod : pods(render(overlay))) {
			for (JsonNode container : containers(pod)) {
				for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
					if (container.has(probe)) {
						assertThat(container.get(probe).has("timeoutSeconds"))
							.as("%s %s %s", pod.path("_of").asString(), container.path("name").asString(), probe)
							.isTrue();
					}
				}
			}
		}
	}

	@Test
	void theCheckRejectsWhatRestrictedRefuses() {
		JsonNode mongodb = named(render("prod"), "StatefulSet", "mongodb").at("/spec/template/spec");
		assertThat(restrictedViolations(mongodb)).isEmpty();

		ObjectNode noContainerContext = (ObjectNode) mongodb.deepCopy();
		((ObjectNode) noContainerContext.at("/containers/0")).remove("securityContext");
		assertThat(restrictedViolations(noContainerContext)).contains("mongodb: allowPrivilegeEscalation must be false",
				"mongodb: capabilities must drop ALL");

		ObjectNode noSeccomp = (ObjectNode) mongodb.deepCopy();
		((ObjectNode) noSeccomp.get("securityContext")).remove("seccompProfile");
		assertThat(restrictedViolations(noSeccomp))
			.contains("mongodb: seccompProfile must be RuntimeDefault or Localhost");

		ObjectNode hostPath = (ObjectNode) mongodb.deepCopy();
		((ObjectNode) hostPath.withArray("volumes").addObject()).put("name", "host")
			.putObject("hostPath")
			.put("path", "/");
		hostPath.put("hostNetwork", true);
		assertThat(restrictedViolations(hostPath)).contains("volume host is hostPath", "hostNetwork");
	}

	/** What Pod Security "restricted" (latest) refuses in this pod spec. */
	static List<String> restrictedViolations(JsonNode pod) {
		List<String> violations = new ArrayList<>();
		for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
			if (pod.path(host).asBoolean(false)) {
				violations.add(host);
			}
		}
		for (JsonNode volume : pod.path("volumes")) {
			volume.propertyNames()
				.stream()
				.filter((type) -> !type.equals("name") && !ALLOWED_VOLUMES.contains(type))
				.forEach((type) -> violations.add("volume " + volume.path("name").asString() + " is " + type));
		}
		JsonNode podContext = pod.path("securityContext");
		for (JsonNode sysctl : podContext.path("sysctls")) {
			if (!SAFE_SYSCTLS.contains(sysctl.path("name").asString())) {
				violations.add("sysctl " + sysctl.path("name").asString());
			}
		}
		if (podContext.path("runAsUser").asInt(-1) == 0) {
			violations.add("the pod runs as root");
		}
		for (JsonNode container : containers(pod)) {
			String name = container.path("name").asString();
			JsonNode context = container.path("securityContext");
			if (context.path("privileged").asBoolean(false)) {
				violations.add(name + ": privileged");
			}
			if (!context.path("allowPrivilegeEscalation").isBoolean()
					|| context.path("allowPrivilegeEscalation").asBoolean()) {
				violations.add(name + ": allowPrivilegeEscalation must be false");
			}
			List<String> dropped = new ArrayList<>();
			context.at("/capabilities/drop").forEach((capability) -> dropped.add(capability.asString()));
			if (!dropped.contains("ALL")) {
				violations.add(name + ": capabilities must drop ALL");
			}
			context.at("/capabilities/add").forEach((capability) -> {
				if (!capability.asString().equals("NET_BIND_SERVICE")) {
					violations.add(name + ": adds capability " + capability.asString());
				}
			});
			boolean nonRoot = context.path("runAsNonRoot").isBoolean() ? context.path("runAsNonRoot").asBoolean()
					: podContext.path("runAsNonRoot").asBoolean(false);
			if (!nonRoot) {
				violations.add(name + ": runAsNonRoot must be true");
			}
			if (context.path("runAsUser").asInt(-1) == 0) {
				violations.add(name + ": runs as root");
			}
			String seccomp = context.at("/seccompProfile/type")
				.asString(podContext.at("/seccompProfile/type").asString(""));
			if (!seccomp.equals("RuntimeDefault") && !seccomp.equals("Localhost")) {
				violations.add(name + ": seccompProfile must be RuntimeDefault or Localhost");
			}
			if (!context.path("procMount").asString("Default").equals("Default")) {
				violations.add(name + ": procMount");
			}
			for (JsonNode port : container.path("ports")) {
				if (port.path("hostPort").asInt(0) != 0) {
					violations.add(name + ": hostPort");
				}
			}
		}
		return violations;
	}

	/** The pod specs of every workload, each tagged with "_of" for the messages. */
	static List<JsonNode> pods(List<JsonNode> resources) {
		List<JsonNode> pods = new ArrayList<>();
		for (JsonNode resource : resources) {
			String kind = resource.at("/kind").asString();
			JsonNode pod = WORKLOADS.contains(kind) ? resource.at("/spec/template/spec")
					: kind.equals("CronJob") ? resource.at("/spec/jobTemplate/spec/template/spec")
							: kind.equals("Pod") ? resource.at("/spec") : null;
			if (pod != null) {
				ObjectNode tagged = (ObjectNode) pod.deepCopy();
				tagged.put("_of", name(resource));
				pods.add(tagged);
			}
		}
		return pods;
	}

	private static List<JsonNode> containers(JsonNode pod) {
		List<JsonNode> containers = new ArrayList<>();
		for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
			pod.path(list).forEach(containers::add);
		}
		return containers;
	}

	/** A Strimzi template as the pod spec the operator makes of it (what it sets). */
	private static JsonNode strimziPod(JsonNode podTemplate, JsonNode containerTemplate) {
		ObjectNode pod = Manifests.YAML.createObjectNode();
		pod.set("securityContext", podTemplate.path("securityContext").deepCopy());
		ObjectNode container = pod.putArray("containers").addObject();
		container.put("name", "strimzi");
		container.set("securityContext", containerTemplate.path("securityContext").deepCopy());
		return pod;
	}

}
