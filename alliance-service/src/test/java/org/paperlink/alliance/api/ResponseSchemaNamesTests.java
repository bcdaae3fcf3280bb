package org.paperlink.alliance.api;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.paperlink.testsupport.PublishedApiDocument;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each answer is documented with its own body: springdoc names a schema after the
 * record's simple name, so two records of one name were one schema, and a client
 * generated from the document never saw the initial passwords a roster import's
 * confirmation carries. Read from the committed document, which
 * {@link PublishedApiDocumentTests} proves is the one served.
 */
class ResponseSchemaNamesTests {

	private final JsonNode document;

	ResponseSchemaNamesTests() throws IOException {
		this.document = JsonMapper.builder()
			.build()
			.readTree(Files.readString(PublishedApiDocument.of("alliance-service")));
	}

	@Test
	void theConfirmationOfARosterImportIsDocumentedWithEachRowsInitialPassword() {
		JsonNode confirmation = schemaOf("/api/v1/member-imports/{id}/confirm", "post", "200");
		JsonNode row = resolve(resolve(confirmation).path("properties").path("rows").path("items"));
		assertThat(names(row.path("properties"))).contains("outcome", "initialPassword");
	}

	@Test
	void aCapacityReportIsDocumentedWithItsFigures() {
		JsonNode report = resolve(schemaOf("/api/v1/members/{id}/capacity-reports", "post", "201"));
		assertThat(names(report.path("properties"))).contains("id", "previousAnnualTonnes", "annualTonnes",
				"changeTonnes");
	}

	@Test
	void aRegistrationIsDocumentedWithItsIdAndStatus() {
		JsonNode registered = resolve(schemaOf("/api/v1/registrations", "post", "201"));
		assertThat(names(registered.path("properties"))).containsExactlyInAnyOrder("id", "status");
	}

	private JsonNode schemaOf(String path, String method, String status) {
		JsonNode content = this.document.path("paths")
			.path(path)
			.path(method)
			.path("responses")
			.path(status)
			.path("content");
		assertThat(content.isObject()).as("%s %s answers %s with a body", method, path, status).isTrue();
		return content.properties().iterator().next().getValue().path("schema");
	}

	private JsonNode resolve(JsonNode schema) {
		String ref = schema.path("$ref").asString("");
		return ref.isEmpty() ? schema
				: this.document.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
	}

	private static List<String> names(JsonNode properties) {
		List<String> names = new ArrayList<>();
		properties.propertyNames().forEach(names::add);
		return names;
	}

}
