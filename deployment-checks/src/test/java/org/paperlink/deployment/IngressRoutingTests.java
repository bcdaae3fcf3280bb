package org.paperlink.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperlink.deployment.Manifests.ROOT;
import static org.paperlink.deployment.Manifests.ofKind;
import static org.paperlink.deployment.Manifests.render;

/**
 * Every path a controller of a service maps (its OpenAPI document is made of them)
 * reaches that service through the Ingress, and only over HTTPS.
 *
 * <p>
 * The routing follows ingress-nginx with {@code use-regex: "true"}: every path of the
 * host becomes a case-insensitive regular expression anchored at the start ({@code Exact}
 * also at the end), and the longest path that matches wins.
 */
class IngressRoutingTests {

	private static final Pattern MAPPING = Pattern
		.compile("@(Request|Get|Post|Put|Delete|Patch)Mapping\\s*(\\((?:[^()]|\\([^()]*\\))*\\))?");

	private static final Pattern LITERAL = Pattern.compile("\"([^\"]*)\"");

	@ParameterizedTest
	@ValueSource(strings = { "alliance-service", "notification-service" })
	void everyControllerPathOfAServiceRoutesToThatService(String service) throws IOException {
		List<String> paths = controllerPaths(service);
		assertThat(paths).isNotEmpty();
		for (String overlay : List.of("dev", "prod")) {
			JsonNode ingress = ofKind(render(overlay), "Ingress").get(0);
			assertThat(paths).allSatisfy(
					(path) -> assertThat(route(ingress, concrete(path))).as("%s %s", overlay, path).contains(service));
		}
	}

	/**
	 * The same for the paths of each service's committed OpenAPI document
	 * ({@code docs/openapi/}), which each service's tests keep equal to what it serves.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "alliance-service", "notification-service" })
	void everyPathOfAServicesOpenApiDocumentRoutesToThatService(String service) throws IOException {
		JsonNode document = tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.readTree(Files.readString(ROOT.resolve("docs/openapi/" + service + ".json")));
		List<String> paths = new ArrayList<>(document.get("paths").propertyNames());
		assertThat(paths).isNotEmpty();
		for (String overlay : List.of("dev", "prod")) {
			JsonNode ingress = ofKind(render(overlay), "Ingress").get(0);
			assertThat(paths).allSatisfy(
					(path) -> assertThat(route(ingress, concrete(path))).as("%s %s", overlay, path).contains(service));
		}
	}

	@Test
	void theRoutingCheckSeesAPathWithoutARoute() throws IOException {
		ObjectNode ingress = (ObjectNode) ofKind(render("prod"), "Ingress").get(0);
		ArrayNode rulePaths = (ArrayNode) ingress.at("/spec/rules/0/http/paths");
		for (int i = rulePaths.size() - 1; i >= 0; i--) {
			if (rulePaths.get(i).at("/path").asString().equals("/api/v1/saved-searches")) {
				rulePaths.remove(i);
			}
		}
		assertThat(controllerPaths("notification-service")).contains("/api/v1/saved-searches/{id}");
		assertThat(route(ingress, "/api/v1/saved-searches/x1")).contains("alliance-service");
		assertThat(route(ingress, "/api/v1/notices/x1/receipts")).contains("notification-service");
		assertThat(route(ingress, "/api/v1/notices/x1")).contains("alliance-service");
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void theIngressServesHttpsOnlyWithACertificateForItsHost(String overlay) {
		JsonNode ingress = ofKind(render(overlay), "Ingress").get(0);
		JsonNode annotations = ingress.at("/metadata/annotations");
		assertThat(annotations.path("nginx.ingress.kubernetes.io/force-ssl-redirect").asString()).isEqualTo("true");
		assertThat(ingress.at("/spec/tls/0/secretName").asString()).isNotBlank();
		List<String> tlsHosts = new ArrayList<>();
		ingress.at("/spec/tls").forEach((tls) -> tls.path("hosts").forEach((host) -> tlsHosts.add(host.asString())));
		ingress.at("/spec/rules").forEach((rule) -> assertThat(tlsHosts).contains(rule.get("host").asString()));
		assertThat(annotations.has("cert-manager.io/cluster-issuer") || annotations.has("cert-manager.io/issuer"))
			.as("a cert-manager issuer, or else the TLS Secret created by hand as k8s/README.md says")
			.isTrue();
	}

	/** The service the Ingress sends a request for this path to, if any. */
	static Optional<String> route(JsonNode ingress, String requestPath) {
		record Candidate(String path, String service) {
		}
		List<Candidate> matching = new ArrayList<>();
		for (JsonNode rule : ingress.at("/spec/rules")) {
			for (JsonNode path : rule.at("/http/paths")) {
				String pattern = "(?i)^" + path.get("path").asString()
						+ ("Exact".equals(path.get("pathType").asString()) ? "$" : "");
				if (Pattern.compile(pattern).matcher(requestPath).find()) {
					matching
						.add(new Candidate(path.get("path").asString(), path.at("/backend/service/name").asString()));
				}
			}
		}
		return matching.stream()
			.max(Comparator.comparingInt((Candidate candidate) -> candidate.path().length()))
			.map(Candidate::service);
	}

	/** A request path for a mapping: each {variable} becomes one segment. */
	private static String concrete(String path) {
		return path.replaceAll("\\{\\*[^}]*}", "x1/x2").replaceAll("\\{[^}]*}", "x1").replace("**", "x1/x2");
	}

	/**
	 * Every path the controllers of a service map: class-level @RequestMapping joined to
	 * each method-level mapping.
	 */
	static List<String> controllerPaths(String service) throws IOException {
		TreeSet<String> paths = new TreeSet<>();
		try (Stream<Path> files = Files.walk(ROOT.resolve(service).resolve("src/main/java"))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				String source = Files.readString(file);
				if (!source.contains("@RestController") && !source.contains("@Controller")) {
					continue;
				}
				int classAt = indexOfClass(source);
				List<String> prefixes = List.of("");
				Matcher mapping = MAPPING.matcher(source);
				while (mapping.find()) {
					List<String> values = values(mapping.group(2));
					if (mapping.start() < classAt) {
						prefixes = values;
					}
					else {
						for (String prefix : prefixes) {
							for (String value : values) {
								paths.add(prefix + value);
							}
						}
					}
				}
			}
		}
		paths.remove("");
		return List.copyOf(paths);
	}

	private static int indexOfClass(String source) {
		Matcher declaration = Pattern.compile("\\n(public |final |abstract )*(class|record|interface) ")
			.matcher(source);
		return declaration.find() ? declaration.start() : 0;
	}

	/** The path(s) of a mapping annotation's arguments; none is "". */
	private static List<String> values(String arguments) {
		if (arguments == null) {
			return List.of("");
		}
		String inner = arguments.substring(1, arguments.length() - 1).trim();
		String paths = null;
		Matcher named = Pattern.compile("(?:path|value)\\s*=\\s*(\\{[^}]*}|\"[^\"]*\")").matcher(inner);
		if (named.find()) {
			paths = named.group(1);
		}
		else if (inner.startsWith("\"") || inner.startsWith("{")) {
			Matcher positional = Pattern.compile("^(\\{[^}]*}|\"[^\"]*\")").matcher(inner);
			paths = positional.find() ? positional.group(1) : null;
		}
		if (paths == null) {
			return List.of("");
		}
		List<String> values = new ArrayList<>();
		Matcher literal = LITERAL.matcher(paths);
		while (literal.find()) {
			values.add(literal.group(1));
		}
		return values;
	}

}
