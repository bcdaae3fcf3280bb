package org.paperlink.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rendered overlays ({@code kubectl kustomize k8s/overlays/<overlay>}), rendered once
 * per test run and shared by the test classes; callers get deep copies, which they may
 * change.
 */
final class Manifests {

	static final Path ROOT = Path.of(System.getProperty("paperlink.root", "..")).toAbsolutePath();

	static final YAMLMapper YAML = YAMLMapper.builder().build();

	private static final Map<String, List<JsonNode>> rendered = new ConcurrentHashMap<>();

	private Manifests() {
	}

	static List<JsonNode> render(String overlay) {
		return rendered.computeIfAbsent(overlay, Manifests::kustomize).stream().map(JsonNode::deepCopy).toList();
	}

	static List<JsonNode> ofKind(List<JsonNode> resources, String kind) {
		return resources.stream().filter((resource) -> kind.equals(resource.at("/kind").asString())).toList();
	}

	static JsonNode named(List<JsonNode> resources, String kind, String name) {
		return ofKind(resources, kind).stream()
			.filter((resource) -> name.equals(resource.at("/metadata/name").asString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError(kind + " " + name + " is not rendered"));
	}

	static String name(JsonNode resource) {
		return resource.at("/kind").asString() + " " + resource.at("/metadata/name").asString();
	}

	private static List<JsonNode> kustomize(String overlay) {
		try {
			Process kubectl;
			try {
				kubectl = new ProcessBuilder("kubectl", "kustomize",
						ROOT.resolve("k8s/overlays").resolve(overlay).toString())
					.start();
			}
			catch (IOException ex) {
				throw new IllegalStateException(
						"kubectl is needed to render k8s/ (kubectl kustomize); ./mvnw verify installs it when run as root",
						ex);
			}
			String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			String errors = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(kubectl.exitValue()).as("kubectl kustomize %s: %s", overlay, errors).isZero();
			List<JsonNode> resources = new ArrayList<>();
			try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(output)) {
				documents.forEachRemaining(resources::add);
			}
			return List.copyOf(resources);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
