package org.paperlink.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so it is checked: against the
 * Compose Specification's JSON Schema, and against the services' own configuration.
 */
class ComposeFileTests {

	private static final Path ROOT = Path.of(System.getProperty("paperlink.root", "..")).toAbsolutePath();

	private static final YAMLMapper yaml = YAMLMapper.builder().build();

	/** Read by Spring Boot itself, not through a placeholder. */
	private static final Set<String> READ_BY_SPRING = Set.of("SPRING_PROFILES_ACTIVE");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):([^}]*)}");

	@Test
	void theComposeFileFollowsTheComposeSpecification() throws IOException {
		assertThat(violations(compose())).isEmpty();
	}

	@Test
	void theSchemaCheckCatchesAMistake() throws IOException {
		ObjectNode broken = (ObjectNode) compose();
		broken.putObject("servicez");
		((ObjectNode) broken.get("services").get("kafka")).put("restart", List.of("always").toString());
		((ObjectNode) broken.get("services").get("kafka")).putArray("healthcheck");
		assertThat(violations(broken)).isNotEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "alliance-service", "notification-service" })
	void everyVariableTheComposeFileSetsIsOneTheServiceReadsAndEveryOneItNeedsIsSet(String service) throws IOException {
		Map<String, String> read = placeholders(service);
		Set<String> set = new TreeSet<>();
		compose().get("services").get(service).get("environment").propertyNames().forEach(set::add);

		Set<String> unknown = new TreeSet<>(set);
		unknown.removeAll(read.keySet());
		unknown.removeAll(READ_BY_SPRING);
		assertThat(unknown).as("variables %s sets that it never reads", service).isEmpty();

		Set<String> needed = new TreeSet<>();
		read.forEach((name, fallback) -> {
			// a default that only makes sense on a developer's machine must be overridden
			// in a container
			if (fallback.contains("localhost") || fallback.startsWith("./")) {
				needed.add(name);
			}
		});
		assertThat(set).as("variables %s needs in a container", service).containsAll(needed);
	}

	@Test
	void everyServiceIsHealthCheckedLimitedAndStartsAfterWhatItNeeds() throws IOException {
		JsonNode services = compose().get("services");
		for (String name : services.propertyNames()) {
			JsonNode service = services.get(name);
			assertThat(service.has("healthcheck")).as("%s has a healthcheck", name).isTrue();
			assertThat(service.at("/deploy/resources/limits/memory").isMissingNode()).as("%s has a memory limit", name)
				.isFalse();
		}
		for (String app : List.of("alliance-service", "notification-service")) {
			JsonNode dependsOn = services.get(app).get("depends_on");
			for (String infrastructure : List.of("mongodb", "kafka")) {
				assertThat(dependsOn.get(infrastructure).get("condition").asString()).isEqualTo("service_healthy");
			}
		}
		assertThat(services.get("mongodb").get("command").toString()).contains("--replSet");
		assertThat(compose().get("volumes").propertyNames()).contains("mongodb-data", "kafka-data");
	}

	@Test
	void everyServiceRestartsAndKafkasHeapFitsItsMemoryLimit() throws IOException {
		JsonNode services = compose().get("services");
		for (String name : services.propertyNames()) {
			assertThat(services.get(name).path("restart").asString("no")).as("%s restarts", name)
				.isIn("always", "unless-stopped", "on-failure");
		}
		JsonNode kafka = services.get("kafka");
		String heapOptions = kafka.at("/environment/KAFKA_HEAP_OPTS").asString("");
		Matcher maxHeap = Pattern.compile("-Xmx(\\d+)([kmg])").matcher(heapOptions);
		assertThat(maxHeap.find()).as("Kafka's -Xmx is set (the image's default is 1 GiB)").isTrue();
		long heap = bytes(maxHeap.group(1), maxHeap.group(2));
		String limit = kafka.at("/deploy/resources/limits/memory").asString();
		Matcher limitValue = Pattern.compile("(\\d+)([kmg])").matcher(limit.toLowerCase());
		assertThat(limitValue.matches()).isTrue();
		// the heap is not all a JVM uses: leave a quarter of the limit for the rest
		assertThat(heap).isLessThanOrEqualTo(bytes(limitValue.group(1), limitValue.group(2)) * 3 / 4);
	}

	private static long bytes(String number, String unit) {
		return Long.parseLong(number) * switch (unit.toLowerCase()) {
			case "k" -> 1024L;
			case "m" -> 1024L * 1024;
			default -> 1024L * 1024 * 1024;
		};
	}

	private static List<String> violations(JsonNode compose) throws IOException {
		try (InputStream schemaText = ComposeFileTests.class.getResourceAsStream("/compose-spec/compose-spec.json")) {
			JsonNode schemaDocument = yaml.readTree(schemaText);
			// this revision of the schema still carries draft-04 "id" keywords, which a
			// 2019-09
			// validator refuses: they only name subschemas, so they become comments
			commentOutIdKeywords(schemaDocument);
			Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09)
				.getSchema(schemaDocument.toString());
			return schema.validate(compose).stream().map(Object::toString).toList();
		}
	}

	private static void commentOutIdKeywords(JsonNode node) {
		if (node instanceof ObjectNode object) {
			if (object.has("id") && object.get("id").isString()) {
				object.set("$comment", object.remove("id"));
			}
			object.forEach(ComposeFileTests::commentOutIdKeywords);
		}
		else if (node.isArray()) {
			node.forEach(ComposeFileTests::commentOutIdKeywords);
		}
	}

	private static JsonNode compose() throws IOException {
		return yaml.readTree(Files.readString(ROOT.resolve("docker-compose.yml")));
	}

	/**
	 * Every ${VARIABLE:default} in the service's configuration files, with its default.
	 */
	private static Map<String, String> placeholders(String service) throws IOException {
		Map<String, String> found = new LinkedHashMap<>();
		try (Stream<Path> files = Files.list(ROOT.resolve(service).resolve("src/main/resources"))) {
			for (Iterator<Path> it = files
				.filter((file) -> file.getFileName().toString().matches("application.*\\.yml|routing-rules\\.yml"))
				.iterator(); it.hasNext();) {
				Matcher matcher = PLACEHOLDER.matcher(Files.readString(it.next()));
				while (matcher.find()) {
					found.put(matcher.group(1), matcher.group(2));
				}
			}
		}
		return found;
	}

}
