package org.paperlink.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperlink.deployment.Manifests.ofKind;
import static org.paperlink.deployment.Manifests.render;

/**
 * The alerting rules, run by Prometheus's own promtool: they are valid, and they fire
 * when they should (src/test/resources/prometheus/paperlink-rules-test.yml), the first
 * dead letter among them. Both services are scraped.
 */
class PrometheusRulesTests {

	@TempDir
	Path work;

	@Test
	void theRulesAreValidAndTheirUnitTestsPass() throws Exception {
		writeRules(ofKind(render("prod"), "PrometheusRule").get(0));
		Tool check = promtool("check", "rules", "rules.yml");
		assertThat(check.exitCode()).as(check.output()).isZero();
		Tool test = promtool("test", "rules", "paperlink-rules-test.yml");
		assertThat(test.exitCode()).as(test.output()).isZero();
		assertThat(test.output()).contains("SUCCESS");
	}

	@Test
	void theUnitTestsFailWhenTheDeadLetterAlertDoesNotFire() throws Exception {
		ObjectNode rule = (ObjectNode) ofKind(render("prod"), "PrometheusRule").get(0);
		for (JsonNode group : rule.at("/spec/groups")) {
			for (JsonNode alert : group.path("rules")) {
				if (alert.path("alert").asString().equals("PaperLinkDeadLetters")) {
					// what it was: a dead letter had to come on top of another one
					((ObjectNode) alert).put("expr",
							"sum by (namespace, topic) (increase(paperlink_consumer_dead_letters_total[15m])) > 1");
				}
			}
		}
		writeRules(rule);
		Tool test = promtool("test", "rules", "paperlink-rules-test.yml");
		assertThat(test.exitCode()).isNotZero();
		assertThat(test.output()).contains("PaperLinkDeadLetters");
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void bothServicesAreScrapedUnderTheJobNamesTheAlertsUse(String overlay) {
		List<JsonNode> resources = render(overlay);
		List<JsonNode> monitors = ofKind(resources, "PodMonitor");
		assertThat(monitors).hasSize(1);
		JsonNode monitor = monitors.get(0);
		assertThat(monitor.at("/spec/jobLabel").asString()).isEqualTo("app.kubernetes.io/name");
		assertThat(monitor.at("/spec/selector/matchExpressions/0/values").toString()).contains("alliance-service",
				"notification-service");
		assertThat(monitor.at("/spec/podMetricsEndpoints/0/path").asString()).isEqualTo("/actuator/prometheus");
		for (String service : List.of("alliance-service", "notification-service")) {
			JsonNode pod = Manifests.named(resources, "Deployment", service).at("/spec/template");
			assertThat(pod.at("/metadata/labels/app.kubernetes.io~1name").asString()).isEqualTo(service);
			assertThat(pod.at("/spec/containers/0/ports/0/name").asString())
				.isEqualTo(monitor.at("/spec/podMetricsEndpoints/0/port").asString());
		}
		String rules = ofKind(resources, "PrometheusRule").get(0).toString();
		assertThat(rules).contains("absent(up{job=\\\"alliance-service\\\"})",
				"absent(up{job=\\\"notification-service\\\"})");
	}

	private void writeRules(JsonNode prometheusRule) throws IOException {
		ObjectNode rules = Manifests.YAML.createObjectNode();
		rules.set("groups", prometheusRule.at("/spec/groups"));
		Files.writeString(this.work.resolve("rules.yml"), Manifests.YAML.writeValueAsString(rules));
		try (InputStream tests = PrometheusRulesTests.class
			.getResourceAsStream("/prometheus/paperlink-rules-test.yml")) {
			Files.write(this.work.resolve("paperlink-rules-test.yml"), tests.readAllBytes());
		}
	}

	private Tool promtool(String... arguments) {
		List<String> command = new ArrayList<>(List.of("promtool"));
		command.addAll(List.of(arguments));
		return Tool.run(this.work, Map.of(), Duration.ofSeconds(60),
				"Debian's package prometheus (apt-get install prometheus)", command);
	}

}
