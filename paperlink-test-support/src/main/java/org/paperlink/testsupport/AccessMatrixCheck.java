package org.paperlink.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.paperlink.platform.AccessMatrix;
import org.paperlink.platform.Role;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks a service against its access matrix: every operation of its OpenAPI description
 * has a row and every row an operation, and every row answers every kind of caller as the
 * matrix says — 2xx for those allowed, 401 for the anonymous, 403 for roles not allowed,
 * and the row's status for a member of another enterprise on an owner-only endpoint.
 */
public final class AccessMatrixCheck {

	/** One kind of caller, with its bearer token (none for the anonymous). */
	public record Caller(String name, String bearer, Role role, boolean otherEnterprise) {

		public static Caller anonymous() {
			return new Caller("anonymous", null, null, false);
		}

	}

	/**
	 * A concrete request for one row and caller.
	 *
	 * @param bearer overrides the caller's token (a request that spends it, such as a
	 * password change, gets a throwaway account of the same kind)
	 * @param expected overrides the matrix's expectation, with the reason in {@code why}
	 */
	public record Call(String uri, Object body, String bearer, Integer expected, String why) {

		public static Call of(String uri) {
			return new Call(uri, null, null, null, null);
		}

		public static Call of(String uri, Object body) {
			return new Call(uri, body, null, null, null);
		}

		public Call as(String bearer) {
			return new Call(this.uri, this.body, bearer, this.expected, this.why);
		}

		public Call expecting(int status, String why) {
			return new Call(this.uri, this.body, this.bearer, status, why);
		}

	}

	/** Builds the request a row needs for a caller, creating what it must own. */
	public interface Fixtures {

		Call call(AccessMatrix.Rule rule, Caller caller);

	}

	private AccessMatrixCheck() {
	}

	/** The operations of the OpenAPI description, as {@code METHOD /path}. */
	public static Set<String> operations(WebTestClient client) {
		Map<?, ?> api = client.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		Set<String> operations = new TreeSet<>();
		((Map<?, ?>) api.get("paths")).forEach((path, methods) -> ((Map<?, ?>) methods).keySet()
			.stream()
			.map((method) -> method.toString().toUpperCase(Locale.ROOT))
			.filter((method) -> Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method))
			.forEach((method) -> operations.add(method + " " + path)));
		return operations;
	}

	public static void everyOperationHasARow(WebTestClient client, AccessMatrix matrix) {
		Set<String> rows = new TreeSet<>(matrix.rules().stream().map(AccessMatrix.Rule::endpoint).toList());
		Set<String> operations = operations(client);
		assertThat(operations).as("endpoints without a row in access-matrix.yml").isSubsetOf(rows);
		assertThat(rows).as("rows of access-matrix.yml without an endpoint").isSubsetOf(operations);
	}

	/** The README's matrix shows every row (the module runs from its own directory). */
	public static void theReadmeShowsEveryRow(AccessMatrix matrix) {
		String readme;
		try {
			readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		assertThat(matrix.rules()).allSatisfy((rule) -> assertThat(readme).contains("| `" + rule.endpoint() + "` |"));
	}

	/** Calls every row as every caller and fails with the table of every mismatch. */
	public static void everyRowAnswersAsTheMatrixSays(WebTestClient client, AccessMatrix matrix, List<Caller> callers,
			Fixtures fixtures) {
		List<String> mismatches = new ArrayList<>();
		int calls = 0;
		for (AccessMatrix.Rule rule : matrix.rules()) {
			for (Caller caller : callers) {
				Call call = fixtures.call(rule, caller);
				int expected = (call.expected() != null) ? call.expected() : expected(rule, caller);
				int actual = send(client, rule.method(), call,
						(call.bearer() != null) ? call.bearer() : caller.bearer());
				calls++;
				boolean ok = (expected == 200) ? (actual >= 200 && actual < 300) : (actual == expected);
				if (!ok) {
					mismatches.add(String.format("%-55s %-16s expected %s, got %d", rule.endpoint(), caller.name(),
							(expected == 200) ? "2xx" : expected, actual));
				}
			}
		}
		assertThat(mismatches).as("calls that did not answer as the matrix says (of %d)", calls).isEmpty();
	}

	static int expected(AccessMatrix.Rule rule, Caller caller) {
		if (rule.isPublic()) {
			return 200;
		}
		if (caller.role() == null) {
			return 401;
		}
		if (!rule.allows(caller.role())) {
			return 403;
		}
		return (rule.ownerOnly() && caller.otherEnterprise()) ? rule.otherMember() : 200;
	}

	private static int send(WebTestClient client, HttpMethod method, Call call, String bearer) {
		WebTestClient.RequestBodySpec request = client.method(method).uri(call.uri());
		if (bearer != null) {
			request.header(HttpHeaders.AUTHORIZATION, bearer);
		}
		WebTestClient.RequestHeadersSpec<?> ready;
		if (call.body() instanceof MultiValueMap<?, ?> parts) {
			// a file upload, such as a roster to import
			ready = request.contentType(MediaType.MULTIPART_FORM_DATA).bodyValue(parts);
		}
		else {
			ready = (call.body() != null) ? request.contentType(MediaType.APPLICATION_JSON).bodyValue(call.body())
					: request;
		}
		FluxExchangeResult<byte[]> result = ready.exchange().returnResult(byte[].class);
		MediaType type = result.getResponseHeaders().getContentType();
		if (type != null && type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM)) {
			// A live stream never ends: the status is all this needs, so let go of it.
			result.getResponseBody().subscribe().dispose();
		}
		else {
			result.getResponseBody().blockLast(Duration.ofSeconds(30));
		}
		return result.getStatus().value();
	}

}
