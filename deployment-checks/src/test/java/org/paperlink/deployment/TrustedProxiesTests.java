package org.paperlink.deployment;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperlink.deployment.Manifests.ofKind;
import static org.paperlink.deployment.Manifests.render;

/**
 * Issue 33, item 7: X-Forwarded-For is believed only from the ingress controller's own
 * addresses. A range (the pod network's {@code 10.0.0.0/8}) would trust every pod and
 * node, and any client translated onto it: such a client writes its own address into the
 * header and picks its rate-limit bucket. So the deploy trusts single addresses only, and
 * none until they are filled in (k8s/README.md).
 */
class TrustedProxiesTests {

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void theDeployTrustsSingleAddressesOnlyNeverARange(String overlay) {
		JsonNode config = ofKind(render(overlay), "ConfigMap").stream()
			.filter((map) -> map.at("/metadata/name").asString().startsWith("paperlink-config"))
			.findFirst()
			.orElseThrow();
		assertThat(config.at("/data").has("RATE_LIMIT_TRUSTED_PROXIES")).isTrue();
		List<String> trusted = Arrays.stream(config.at("/data/RATE_LIMIT_TRUSTED_PROXIES").asString().split(","))
			.map(String::strip)
			.filter((entry) -> !entry.isEmpty())
			.toList();
		assertThat(trusted).allSatisfy(
				(entry) -> assertThat(entry).as("one address, not a range").matches("[0-9a-fA-F.:]+(/32|/128)?"));
	}

}
