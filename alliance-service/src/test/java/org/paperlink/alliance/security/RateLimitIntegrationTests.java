package org.paperlink.alliance.security;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.alliance.support.Api;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the production limits (20 public writes a minute per address), the test client's
 * loopback address standing for the ingress: a trusted proxy.
 */
@AllianceIntegrationTest
@TestPropertySource(
		properties = { "paperlink.rate-limits.public-capacity=20", "paperlink.rate-limits.authenticated-capacity=600",
				"paperlink.rate-limits.trusted-proxies=127.0.0.1/32,::1/128" })
class RateLimitIntegrationTests {

	@Autowired
	private WebTestClient client;

	@Test
	void behindTheTrustedProxyEachClientHasItsOwnLimitWhateverItWritesInTheHeader() {
		List<Integer> flooder = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			// the flooder puts a new address of its own at the left each time; the proxy
			// appends the address it saw
			flooder.add(registerVia("10.9." + i + ".1, 203.0.113.7"));
		}
		assertThat(flooder).filteredOn((status) -> status == 429).hasSizeGreaterThanOrEqualTo(5);

		assertThat(registerVia("203.0.113.8")).as("another client behind the same proxy").isEqualTo(201);
	}

	private int registerVia(String forwardedFor) {
		return this.client.post()
			.uri("/api/v1/registrations")
			.header("X-Forwarded-For", forwardedFor)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Api.application(Api.newUscc(), Api.newUsername()))
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getStatus()
			.value();
	}

	@Test
	void aBurstOfFiftyRegistrationsFromOneAddressGetsTooManyRequests() {
		List<EntityExchangeResult<String>> answers = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			answers.add(this.client.post()
				.uri("/api/v1/registrations")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Api.application(Api.newUscc(), Api.newUsername()))
				.exchange()
				.expectBody(String.class)
				.returnResult());
		}
		// 20 at once, and a few more as the bucket refills (20 a minute) during the burst
		assertThat(answers).filteredOn((answer) -> answer.getStatus().value() == 201).hasSizeBetween(20, 25);
		List<EntityExchangeResult<String>> refused = answers.stream()
			.filter((answer) -> answer.getStatus().value() == 429)
			.toList();
		assertThat(refused).hasSizeGreaterThanOrEqualTo(25).allSatisfy((answer) -> {
			assertThat(answer.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).matches("[1-9][0-9]*");
			assertThat(
					answer.getResponseHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.isTrue();
			assertThat(answer.getResponseBody()).contains("urn:paperlink:problem:rate-limited", "请求过于频繁");
		});
	}

}
