package org.paperlink.alliance.member;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.alliance.support.Api;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store written by the release that kept capacity history inside the member document
 * starts under this one and shows the same capacities and history.
 */
@AllianceIntegrationTest
class HistoryMigrationIntegrationTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private ReactiveMongoTemplate mongo;

	@Autowired
	private HistoryMigration migration;

	@Test
	void aMemberWrittenByTheEarlierReleaseKeepsItsHistoryAndLosesTheArray() throws IOException {
		Document legacy = fixture("fixtures/member-with-embedded-history.json");
		String id = legacy.getString("_id");
		// the shared test store keeps it: a valid code of its own, so exports and
		// re-imports stay whole
		String uscc = Api.newUscc();
		legacy.put("uscc", uscc);
		legacy.put("usccKey", uscc);
		this.mongo.insert(legacy, Member.COLLECTION).block();

		assertThat(this.migration.migrate().block()).isGreaterThanOrEqualTo(2L);

		List<Map<String, Object>> history = this.client.get()
			.uri("/api/v1/members/{id}/capacity-reports", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "secretariat"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(history).extracting((entry) -> entry.get("reportId"))
			.containsExactly("legacy-report-1", "legacy-report-2");
		assertThat(history).extracting((entry) -> entry.get("effectiveFrom"))
			.containsExactly("2023-03-01", "2024-06-01");
		assertThat(history).extracting((entry) -> ((Number) entry.get("annualTonnes")).longValue())
			.containsExactly(250000L, 300000L);
		assertThat(history.get(1)).containsEntry("projectId", "legacy-project-1").containsEntry("reason", "RENOVATION");

		this.client.get()
			.uri("/api/v1/members/{id}", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "secretariat"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.enterpriseName")
			.isEqualTo("旧版纸业有限公司");

		Document migrated = this.mongo.findById(id, Document.class, Member.COLLECTION).block();
		assertThat(migrated).doesNotContainKey(HistoryMigration.LEGACY_HISTORY).containsEntry("version", 7L);
		assertThat(this.migration.migrate().block()).as("a second start moves nothing").isZero();
	}

	private static Document fixture(String path) throws IOException {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return Document.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

}
