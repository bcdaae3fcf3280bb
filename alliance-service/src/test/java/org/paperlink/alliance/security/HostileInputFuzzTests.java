package org.paperlink.alliance.security;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.alliance.support.Api;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ten thousand generated hostile requests (jqwik generators) across the public and member
 * endpoints: malformed JSON, wrong types, huge strings, unicode edge cases, operator
 * injection such as {@code {"$gt": ""}} in every field, and path traversal in ids. Each
 * request is hostile in at least one way that makes it invalid, so each must be refused:
 * never a 5xx, always a problem without internals, and no document written.
 */
@AllianceIntegrationTest
class HostileInputFuzzTests {

	private static final int REQUESTS = 10_000;

	private static final long SEED = 20261127L;

	@Autowired
	private WebTestClient client;

	@Autowired
	private ReactiveMongoTemplate mongo;

	@Autowired
	private JsonMapper json;

	@LocalServerPort
	private int port;

	record Target(HttpMethod method, String path, Map<String, Object> body, boolean member) {

	}

	@Test
	void tenThousandHostileRequestsAreEachRefusedAsAProblemAndChangeNothing() {
		Api.SignedInMember member = Api.newActiveMember(this.client);
		String project = Api.created(this.client, "/api/v1/members/" + member.id() + "/renovation-projects",
				member.bearer(), project());
		String listing = Api.created(this.client, "/api/v1/listings", member.bearer(), listing());
		List<Target> targets = targets(member.id(), project, listing);
		Map<String, String> before = settledDigests();
		Random random = new Random(SEED);
		// jqwik generates the pools; the seeded random picks from them
		List<String> hostileIds = hostileStrings().sampleStream().limit(500).toList();
		List<Object> hostileValues = hostileValues().sampleStream().limit(200).toList();
		List<String> unicode = unicodeEdge().sampleStream().limit(100).toList();
		List<String> failures = new ArrayList<>();
		Map<Integer, Integer> statuses = new TreeMap<>();
		for (int i = 0; i < REQUESTS; i++) {
			Target target = targets.get(random.nextInt(targets.size()));
			String path = target.path().replace("{hostile}", pick(hostileIds, random));
			String body = (target.body() != null) ? hostileBody(target.body(), hostileValues, unicode, random) : null;
			EntityExchangeResult<String> result = send(target, path, body, member.bearer());
			int status = result.getStatus().value();
			statuses.merge(status, 1, Integer::sum);
			String problem = checkProblem(result);
			String kind = target.method() + " " + target.path() + " -> " + status;
			if (problem != null && failures.stream().noneMatch((failure) -> failure.startsWith(kind))) {
				failures.add(kind + " (" + path + " " + abbreviated(body) + "): " + abbreviated(problem));
			}
		}
		System.out.println("Hostile requests by status: " + statuses);
		assertThat(failures).as("hostile requests not refused as a clean problem (seed %d)", SEED).isEmpty();
		assertThat(settledDigests()).as("a digest of every document of every collection, lockout counters included")
			.isEqualTo(before);
	}

	/** Null when the answer is a clean refusal; otherwise what is wrong with it. */
	private static String checkProblem(EntityExchangeResult<String> result) {
		int status = result.getStatus().value();
		if (status < 400 || status >= 500) {
			return "status " + status;
		}
		MediaType type = result.getResponseHeaders().getContentType();
		if (type == null || !type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)) {
			return "content type " + type;
		}
		String body = (result.getResponseBody() != null) ? result.getResponseBody() : "";
		if (!body.contains("\"type\"") || !body.contains("\"title\"")) {
			return "not a problem: " + body;
		}
		for (String internal : List.of("Exception", "\tat ", "java.", "org.springframework", "tools.jackson")) {
			if (body.contains(internal)) {
				return "leaks " + internal + ": " + body;
			}
		}
		return null;
	}

	private List<Target> targets(String memberId, String project, String listing) {
		return List.of(
				new Target(HttpMethod.POST, "/api/v1/registrations", Api.application(Api.newUscc(), Api.newUsername()),
						false),
				new Target(HttpMethod.POST, "/api/v1/auth/token",
						Map.of("username", "secretariat", "password", Api.DEMO_PASSWORD), false),
				new Target(HttpMethod.POST, "/api/v1/auth/refresh", Map.of("refresh_token", "not-a-token"), false),
				new Target(HttpMethod.POST, "/api/v1/listings", listing(), true),
				new Target(HttpMethod.POST, "/api/v1/members/" + memberId + "/capacity-reports",
						Map.of("category", "HIGH_STRENGTH_CORRUGATING", "annualTonnes", 150_000, "effectiveFrom",
								LocalDate.now().toString(), "reason", "EXPANSION"),
						true),
				new Target(HttpMethod.PATCH, "/api/v1/members/" + memberId, Map.of("address", "大隗镇新地址"), true),
				new Target(HttpMethod.POST, "/api/v1/members/" + memberId + "/renovation-projects", project(), true),
				new Target(HttpMethod.POST, "/api/v1/renovation-projects/" + project + "/status",
						Map.of("status", "APPROVED", "note", "批复"), true),
				new Target(HttpMethod.POST, "/api/v1/auth/password",
						Map.of("currentPassword", "Paper2026ok", "newPassword", "Paper2099ok"), true),
				new Target(HttpMethod.POST, "/api/v1/listings/{hostile}/close", null, true),
				new Target(HttpMethod.GET, "/api/v1/listings/{hostile}", null, true),
				new Target(HttpMethod.GET, "/api/v1/listings/" + listing + "/matches?x={hostile}", null, false),
				new Target(HttpMethod.GET, "/api/v1/members/{hostile}", null, true),
				new Target(HttpMethod.GET, "/api/v1/renovation-projects/{hostile}", null, true),
				new Target(HttpMethod.GET, "/api/v1/listings?side={hostile}", null, true),
				new Target(HttpMethod.POST, "/api/v1/registrations/{hostile}/approve", null, true));
	}

	/**
	 * The valid body with one invalidating change (operator injection, a wrong type, a
	 * huge string, an unknown field, or broken JSON), and maybe unicode oddities besides.
	 */
	private String hostileBody(Map<String, Object> valid, List<Object> hostileValues, List<String> unicode,
			Random random) {
		Map<String, Object> body = new LinkedHashMap<>(valid);
		List<String> fields = new ArrayList<>(body.keySet());
		String field = fields.get(random.nextInt(fields.size()));
		switch (random.nextInt(5)) {
			case 0 -> body.put(field, Map.of("$gt", ""));
			case 1 -> body.put(field, pick(hostileValues, random));
			case 2 -> body.put(field, "纸".repeat(20_000 + random.nextInt(200_000)));
			case 3 -> body.put(
					List.of("$where", "__proto__", "isAdmin", "roles", "status", "_id").get(random.nextInt(6)), "1==1");
			default -> {
				String text = this.json.writeValueAsString(body);
				return List
					.of(text.substring(0, text.length() / 2), "{", "[]", "null", "{\"a\":}", text + "}",
							text.replace(":", "="), "\u0000" + text)
					.get(random.nextInt(8));
			}
		}
		if (random.nextBoolean()) {
			String other = fields.get(random.nextInt(fields.size()));
			if (!other.equals(field)) {
				body.put(other, pick(unicode, random));
			}
		}
		return this.json.writeValueAsString(body);
	}

	private static String abbreviated(String text) {
		return (text == null || text.length() <= 300) ? text : text.substring(0, 300) + "…";
	}

	private static <T> T pick(List<T> pool, Random random) {
		return pool.get(random.nextInt(pool.size()));
	}

	/** Values no field takes: structures where text is wanted, text where numbers are. */
	private static Arbitrary<Object> hostileValues() {
		return Arbitraries.oneOf(Arbitraries.just(List.of(1, 2, 3)), Arbitraries.just(Map.of("$ne", 1)),
				Arbitraries.just(Map.of("$regex", ".*")), Arbitraries.just(List.of(Map.of("$gt", ""))),
				Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5).map((text) -> List.of(text)),
				Arbitraries.just(Map.of()));
	}

	private static Arbitrary<String> unicodeEdge() {
		return Arbitraries.of("\u0000", "A\u202Eexe.txt", "\uFEFF", "e\u0301", "\uD840\uDC0E\uD83D\uDE00",
				"\u2066x\u2069", "\u0007bell", "𠜎".repeat(50), "' OR 1=1 --", "${jndi:ldap://x}",
				"<script>alert(1)</script>", "\r\nX-Injected: 1");
	}

	/** Ids and query values no resource has: traversal, injection, unicode. */
	private static Arbitrary<String> hostileStrings() {
		Arbitrary<String> fixed = Arbitraries.of("..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2f", "..;", "%00",
				"%7B%22%24gt%22%3A%22%22%7D", "%24where", "%E2%80%AE", "%F0%9F%98%80", "'%20OR%201%3D1", "%3Cscript%3E",
				"%252e%252e%252f", "null", "undefined", "-1", "9".repeat(40), "a".repeat(600));
		Arbitrary<String> generated = Combinators
			.combine(Arbitraries.of("..%2F", "%2F", "%5C", "%00", "%2e", "$", "%7B"),
					Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(30))
			.as((prefix, rest) -> prefix + rest);
		return Arbitraries.oneOf(fixed, generated);
	}

	private EntityExchangeResult<String> send(Target target, String path, String body, String bearer) {
		WebTestClient.RequestBodySpec request = this.client.method(target.method())
			.uri(URI.create("http://localhost:" + this.port + path));
		if (target.member()) {
			request.header(HttpHeaders.AUTHORIZATION, bearer);
		}
		WebTestClient.RequestHeadersSpec<?> ready = (body != null)
				? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body) : request;
		return ready.exchange().expectBody(String.class).returnResult();
	}

	/**
	 * A digest of every document of every collection, once the relay and the projections
	 * have settled (no digest changed for 3 s): any change shows, not only a new
	 * document.
	 */
	private Map<String, String> settledDigests() {
		java.util.concurrent.atomic.AtomicReference<Map<String, String>> last = new java.util.concurrent.atomic.AtomicReference<>(
				digests());
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(60)).until(() -> {
			Map<String, String> now = digests();
			return now.equals(last.getAndSet(now));
		});
		return last.get();
	}

	private Map<String, String> digests() {
		Map<String, String> digests = new TreeMap<>();
		for (String collection : this.mongo.getCollectionNames().collectList().block()) {
			List<String> documents = this.mongo.findAll(org.bson.Document.class, collection)
				.map(org.bson.Document::toJson)
				.sort()
				.collectList()
				.block();
			digests.put(collection, sha256(String.join("\n", documents)));
		}
		return digests;
	}

	private static String sha256(String text) {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256")
					.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, Object> project() {
		return Map.of("title", "模糊测试项目", "category", "HIGH_STRENGTH_CORRUGATING", "addedCapacityTonnes", 10000,
				"investmentYuan", 5_000_000, "keyProjectLevel", "NONE", "plannedStart", LocalDate.now().toString(),
				"plannedCompletion", LocalDate.now().plusMonths(6).toString());
	}

	private static Map<String, Object> listing() {
		return Map.of("side", "OFFER", "category", "MAINTENANCE", "spec", "检修", "quantity", 2, "unit", "SERVICE",
				"region", "纸坊村", "validUntil", LocalDate.now().plusMonths(1).toString());
	}

}
