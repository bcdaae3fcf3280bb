package org.paperlink.alliance.security;

import java.time.LocalDate;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.alliance.support.Api;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One enterprise cannot read another's private data; bad input is refused as a problem;
 * browsers get the security headers; only configured origins may call from a browser.
 */
@AllianceIntegrationTest
class HardeningIntegrationTests {

	@Autowired
	private WebTestClient client;

	@Test
	void aMembersTokenCannotReadAnotherMembersContactsHistoryProjectsOrMatches() {
		Api.SignedInMember mine = Api.newActiveMember(this.client);
		Api.SignedInMember theirs = Api.newActiveMember(this.client);
		get("/api/v1/members/" + theirs.id(), mine.bearer()).expectStatus()
			.isForbidden()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		List<?> directory = (List<?>) get("/api/v1/members?size=200", mine.bearer()).expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("items");
		assertThat(directory).map((item) -> (Map<?, ?>) item)
			.filteredOn((member) -> !mine.id().equals(member.get("id")))
			.isNotEmpty()
			.allSatisfy((member) -> assertThat(member.get("contact")).isNull());
		get("/api/v1/members/" + theirs.id() + "/capacity-reports", mine.bearer()).expectStatus().isForbidden();
		String project = Api.created(this.client, "/api/v1/members/" + theirs.id() + "/renovation-projects",
				theirs.bearer(),
				Map.of("title", "保密技改项目", "category", "HIGH_STRENGTH_CORRUGATING", "addedCapacityTonnes", 10000,
						"investmentYuan", 90_000_000, "keyProjectLevel", "NONE", "plannedStart",
						LocalDate.now().toString(), "plannedCompletion", LocalDate.now().plusYears(1).toString()));
		get("/api/v1/renovation-projects/" + project, mine.bearer()).expectStatus().isNotFound();
		assertThat(get("/api/v1/renovation-projects", mine.bearer()).expectBody(String.class)
			.returnResult()
			.getResponseBody()).doesNotContain(project, "保密技改项目");
		String listing = Api.created(this.client, "/api/v1/listings", theirs.bearer(),
				Map.of("side", "OFFER", "category", "MAINTENANCE", "quantity", 1, "unit", "SERVICE", "validUntil",
						LocalDate.now().plusDays(30).toString()));
		get("/api/v1/listings/" + listing, mine.bearer()).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.matchCount")
			.doesNotExist();
		get("/api/v1/listings/" + listing + "/matches", mine.bearer()).expectStatus().isForbidden();
	}

	@Test
	void unknownFieldsWrongContentTypesAndOversizedBodiesAreProblemsNamingTheCause() {
		Map<String, Object> application = new HashMap<>(Api.application(Api.newUscc(), Api.newUsername()));
		application.put("isAdmin", true);
		post(application, MediaType.APPLICATION_JSON).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:paperlink:problem:unknown-field")
			.jsonPath("$.errors[0].field")
			.isEqualTo("isAdmin");
		this.client.post()
			.uri("/api/v1/registrations")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("enterpriseName=x")
			.exchange()
			.expectStatus()
			.isEqualTo(415)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		Map<String, Object> huge = new HashMap<>(Api.application(Api.newUscc(), Api.newUsername()));
		huge.put("address", String.join("", Collections.nCopies(600_000, "纸")));
		post(huge, MediaType.APPLICATION_JSON).expectStatus()
			.isEqualTo(413)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:paperlink:problem:body-too-large");
		Map<String, Object> manyProducts = new HashMap<>(Api.application(Api.newUscc(), Api.newUsername()));
		manyProducts.put("produces", Collections.nCopies(17, "KRAFT"));
		manyProducts.put("enterpriseName", "纸业\u202Egnp.exe");
		post(manyProducts, MediaType.APPLICATION_JSON).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[*].field")
			.value((fields) -> assertThat(fields.toString()).contains("produces", "enterpriseName"));
	}

	/**
	 * Issue 33, item 9: what the OpenAPI document promises every read (a 4xx for an
	 * Accept it cannot answer) is what it answers.
	 */
	@Test
	void aReadAskedForAFormatItDoesNotSpeakAnswers406AsAProblem() {
		this.client.get()
			.uri("/api/v1/alliance")
			.accept(MediaType.APPLICATION_XML)
			.exchange()
			.expectStatus()
			.isEqualTo(406)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.title")
			.isNotEmpty();
	}

	@Test
	void everyResponseCarriesTheSecurityHeadersAndItsRequestId() {
		this.client.get()
			.uri("/api/v1/alliance")
			.header("X-Request-Id", "req-42")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueMatches("Content-Security-Policy", ".*default-src 'self'.*frame-ancestors 'none'.*")
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.valueEquals("X-Frame-Options", "DENY")
			.expectHeader()
			.valueEquals("Referrer-Policy", "strict-origin-when-cross-origin")
			.expectHeader()
			.valueEquals("X-Request-Id", "req-42");
		this.client.get()
			.uri("/api/v1/members")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.exists("Content-Security-Policy")
			.expectHeader()
			.exists("X-Request-Id");
	}

	@Test
	void onlyTheConfiguredOriginMayCallFromABrowser() {
		preflight("https://evil.example.com").expectStatus().isForbidden();
		preflight("https://console.paperlink.example.cn").expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://console.paperlink.example.cn");
	}

	private WebTestClient.ResponseSpec preflight(String origin) {
		return this.client.options()
			.uri("/api/v1/registrations")
			.header(HttpHeaders.ORIGIN, origin)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.exchange();
	}

	private WebTestClient.ResponseSpec post(Object body, MediaType type) {
		return this.client.post().uri("/api/v1/registrations").contentType(type).bodyValue(body).exchange();
	}

	private WebTestClient.ResponseSpec get(String uri, String bearer) {
		return this.client.get().uri(uri).header(HttpHeaders.AUTHORIZATION, bearer).exchange();
	}

}
