package org.paperlink.alliance.member;

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
 * A client that decided on what it saw says so with {@code If-Match}: the member's
 * profile gives its version as the ETag, and a command decided on an older one is refused
 * with 412, changing nothing.
 */
@AllianceIntegrationTest
class IfMatchIntegrationTests {

	@Autowired
	private WebTestClient client;

	@Test
	void aCommandDecidedOnAnOlderVersionIsRefusedWith412AndChangesNothing() {
		Api.SignedInMember member = Api.newActiveMember(this.client);
		String seen = etag(member);

		String afterChange = this.client.patch()
			.uri("/api/v1/members/{id}", member.id())
			.header(HttpHeaders.AUTHORIZATION, member.bearer())
			.header(HttpHeaders.IF_MATCH, seen)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("village", "大隗镇东村"))
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders()
			.getETag();
		assertThat(afterChange).isNotEqualTo(seen).isEqualTo(etag(member));

		// a second client still holding the first ETag
		report(member, seen).expectStatus()
			.isEqualTo(412)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.value((type) -> assertThat((String) type).endsWith("version-changed"))
			.jsonPath("$.title")
			.isEqualTo("记录已有新版本");
		assertThat(etag(member)).as("nothing changed").isEqualTo(afterChange);
		assertThat(profile(member).get("capacities")).isEqualTo(Map.of("HIGH_STRENGTH_CORRUGATING", 120_000));

		// the current ETag is accepted
		report(member, afterChange).expectStatus().isCreated();
		assertThat(profile(member).get("capacities")).isEqualTo(Map.of("HIGH_STRENGTH_CORRUGATING", 150_000));
	}

	/** The member reports 150,000 t/yr, decided on the version {@code ifMatch} names. */
	private WebTestClient.ResponseSpec report(Api.SignedInMember member, String ifMatch) {
		return this.client.post()
			.uri("/api/v1/members/{id}/capacity-reports", member.id())
			.header(HttpHeaders.AUTHORIZATION, member.bearer())
			.header(HttpHeaders.IF_MATCH, ifMatch)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("category", "HIGH_STRENGTH_CORRUGATING", "annualTonnes", 150_000, "effectiveFrom",
					"2026-01-01", "reason", "EXPANSION"))
			.exchange();
	}

	private String etag(Api.SignedInMember member) {
		return this.client.get()
			.uri("/api/v1/members/{id}", member.id())
			.header(HttpHeaders.AUTHORIZATION, member.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders()
			.getETag();
	}

	private Map<?, ?> profile(Api.SignedInMember member) {
		return this.client.get()
			.uri("/api/v1/members/{id}", member.id())
			.header(HttpHeaders.AUTHORIZATION, member.bearer())
			.exchange()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

}
