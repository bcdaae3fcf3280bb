package org.paperlink.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service's OpenAPI document as committed under {@code docs/openapi/}: what clients are
 * generated from and what the deployment checks route. The test of each service compares
 * it with what the running service serves, so the two cannot drift; run the test with
 * {@code -Dpaperlink.openapi.update=true} to write the served one after a deliberate API
 * change.
 */
public final class PublishedApiDocument {

	private static final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private PublishedApiDocument() {
	}

	/** The committed document of a service, relative to a module of the build. */
	public static Path of(String service) {
		return Path.of("..", "docs", "openapi", service + ".json");
	}

	public static void assertServedMatchesCommitted(WebTestClient client, String service) {
		String served = client.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		String normalized = normalized(served);
		Path committed = of(service);
		try {
			if (Boolean.getBoolean("paperlink.openapi.update")) {
				Files.createDirectories(committed.getParent());
				Files.writeString(committed, normalized, StandardCharsets.UTF_8);
			}
			assertThat(committed).as("docs/openapi/%s.json", service).exists();
			assertThat(Files.readString(committed, StandardCharsets.UTF_8))
				.as("docs/openapi/%s.json is what the service serves (after a deliberate API change, run this test "
						+ "with -Dpaperlink.openapi.update=true and commit the file)", service)
				.isEqualTo(normalized);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Keys sorted, one trailing newline. */
	static String normalized(String document) {
		Map<String, Object> tree = json.readValue(document, Map.class);
		return json.writeValueAsString(sorted(tree)) + "\n";
	}

	@SuppressWarnings("unchecked")
	private static Object sorted(Object value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> ordered = new TreeMap<>();
			map.forEach((key, item) -> ordered.put(String.valueOf(key), sorted(item)));
			return ordered;
		}
		if (value instanceof List<?> list) {
			return list.stream().map(PublishedApiDocument::sorted).toList();
		}
		return value;
	}

}
