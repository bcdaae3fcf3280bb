package org.paperlink.platform;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 33, item 7: whose bucket a request counts against, with only the ingress
 * controller's own address trusted (the deploy's setting): a pod that writes the header
 * itself, and a client translated onto the pod network, are taken for who they are.
 */
class ForwardedForTests {

	private static final String INGRESS = "10.1.2.3";

	private final RateLimitFilter filter = new RateLimitFilter(new AccessMatrix(List.of()), new RateLimits(true, 20,
			java.time.Duration.ofMinutes(1), 600, java.time.Duration.ofMinutes(1), List.of(INGRESS + "/32"), 1), null);

	@Test
	void aPodWritingTheHeaderItselfIsTakenForThePod() {
		assertThat(this.filter.clientAddress(from("10.4.5.6", "203.0.113.9"))).isEqualTo("10.4.5.6");
	}

	@Test
	void throughTheIngressTheClientIsTheAddressTheIngressSawNotWhatItWrote() {
		assertThat(this.filter.clientAddress(from(INGRESS, "198.51.100.7, 203.0.113.9"))).isEqualTo("203.0.113.9");
		// a client translated onto the pod network: the walk stops at it, never reaching
		// what it wrote at the left
		assertThat(this.filter.clientAddress(from(INGRESS, "203.0.113.9, 10.4.5.6"))).isEqualTo("10.4.5.6");
	}

	private static MockServerWebExchange from(String peer, String forwardedFor) {
		return MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/auth/token")
			.remoteAddress(new InetSocketAddress(peer, 40000))
			.header("X-Forwarded-For", forwardedFor));
	}

}
