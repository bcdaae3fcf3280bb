package org.paperlink.alliance.contention;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.alliance.support.Api;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients at once against one thing: exactly one may win, and history stays legal.
 */
@AllianceIntegrationTest
class ContentionIntegrationTests {

	private static final Map<String, List<String>> LEGAL_NEXT = Map.of("PLANNED", List.of("APPROVED", "SUSPENDED"),
			"APPROVED", List.of("UNDER_CONSTRUCTION", "SUSPENDED"), "UNDER_CONSTRUCTION",
			List.of("COMPLETED", "SUSPENDED"), "COMPLETED", List.of("IN_PRODUCTION", "SUSPENDED"));

	private WebTestClient client;

	@Autowired
	private ReactiveMongoTemplate mongo;

	/**
	 * 200 registrations hash 200 passwords (bcrypt) on two cores: answers take longer
	 * than usual.
	 */
	@Autowired
	void patientClient(WebTestClient client) {
		this.client = client.mutate().responseTimeout(Duration.ofSeconds(90)).build();
	}

	@Test
	void ofTwoHundredConcurrentRegistrationsOfOneUsccExactlyOneIsAccepted() {
		String uscc = Api.newUscc();
		List<Integer> statuses = concurrently(200,
				(i) -> this.client.post()
					.uri("/api/v1/registrations")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Api.application(uscc, Api.newUsername()))
					.exchange()
					.returnResult(String.class)
					.getStatus()
					.value());
		assertThat(statuses).containsOnly(201, 409);
		assertThat(statuses.stream().filter((status) -> status == 201)).hasSize(1);
	}

	/**
	 * Issue 14, item 10: of concurrent registrations with one username, one is accepted
	 * and keeps the login; none takes the username from an application still being
	 * written.
	 */
	@Test
	void ofConcurrentRegistrationsWithOneUsernameOneIsAcceptedAndKeepsTheLogin() {
		String username = Api.newUsername();
		List<String> usccs = IntStream.range(0, 20).mapToObj((i) -> Api.newUscc()).toList();
		List<Integer> statuses = concurrently(usccs.size(),
				(i) -> this.client.post()
					.uri("/api/v1/registrations")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Api.application(usccs.get(i), username))
					.exchange()
					.returnResult(String.class)
					.getStatus()
					.value());
		assertThat(statuses).containsOnly(201, 409);
		assertThat(statuses.stream().filter((status) -> status == 201)).hasSize(1);
		String accepted = usccs.get(statuses.indexOf(201));
		Document login = this.mongo.findById(username, Document.class, "accounts").block();
		Document member = this.mongo.findById(login.getString("memberId"), Document.class, "members").block();
		assertThat(member).as("the login's enterprise").isNotNull();
		assertThat(member.getString("uscc")).isEqualTo(accepted);
	}

	@Test
	void aUsernameIsTakenOverOnlyFromAnApplicationThatWasNeverWritten() {
		// the state between an application's two writes: its username claimed, the
		// application itself not yet in the store
		String beingWritten = Api.newUsername();
		claimWithoutApplication(beingWritten, Instant.now());
		this.client.post()
			.uri("/api/v1/registrations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Api.application(Api.newUscc(), beingWritten))
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.type")
			.value((type) -> assertThat((String) type).endsWith("username-taken"));

		// a crash between the two writes, minutes ago: the username is free again
		String abandoned = Api.newUsername();
		claimWithoutApplication(abandoned, Instant.now().minus(Duration.ofMinutes(10)));
		this.client.post()
			.uri("/api/v1/registrations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Api.application(Api.newUscc(), abandoned))
			.exchange()
			.expectStatus()
			.isCreated();
	}

	/**
	 * Issue 34: the client asked for no optimistic locking, so a report that lost the
	 * race is decided again on the newer state rather than refused.
	 */
	@Test
	void eightConcurrentReportsOfOneMemberWithoutIfMatchAreEachAcceptedOnTheOneBefore() {
		Api.SignedInMember member = Api.newActiveMember(this.client);
		long versionBefore = memberVersion(member.id());
		List<Integer> statuses = concurrently(8,
				(i) -> this.client.post()
					.uri("/api/v1/members/{id}/capacity-reports", member.id())
					.header(HttpHeaders.AUTHORIZATION, member.bearer())
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("category", "HIGH_STRENGTH_CORRUGATING", "annualTonnes", 130_000 + i * 1_000,
							"effectiveFrom", "2026-01-01", "reason", "EXPANSION"))
					.exchange()
					.returnResult(String.class)
					.getStatus()
					.value());
		assertThat(statuses).containsOnly(201).hasSize(8);
		assertThat(memberVersion(member.id())).isEqualTo(versionBefore + 8);

		List<Map<?, ?>> history = Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> capacityHistory(member), (entries) -> entries.size() == 8);
		// each report was decided on the figure the one before it left: from the
		// declared 120,000 t, one chain through all eight
		Map<Long, Map<?, ?>> byPrevious = new HashMap<>();
		history.forEach((entry) -> byPrevious.put(((Number) entry.get("previousAnnualTonnes")).longValue(), entry));
		long figure = 120_000;
		for (int step = 0; step < 8; step++) {
			Map<?, ?> next = byPrevious.get(figure);
			assertThat(next).as("the report decided on %d t", figure).isNotNull();
			figure = ((Number) next.get("annualTonnes")).longValue();
		}
	}

	@SuppressWarnings("unchecked")
	private List<Map<?, ?>> capacityHistory(Api.SignedInMember member) {
		return this.client.get()
			.uri("/api/v1/members/{id}/capacity-reports", member.id())
			.header(HttpHeaders.AUTHORIZATION, member.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(List.class)
			.returnResult()
			.getResponseBody();
	}

	private long memberVersion(String id) {
		return this.mongo.findById(id, Document.class, "members").block().get("version", Number.class).longValue();
	}

	private void claimWithoutApplication(String username, Instant at) {
		this.mongo
			.insert(new Document("_id", username).append("passwordHash", "unused")
				.append("roles", List.of("MEMBER"))
				.append("memberId", new ObjectId().toHexString())
				.append("createdAt", Date.from(at)), "accounts")
			.block();
	}

	@Test
	void fiftyConcurrentStatusChangesOfOneProjectLeaveALegalHistory() {
		Api.SignedInMember member = Api.newActiveMember(this.client);
		String projectId = (String) this.client.post()
			.uri("/api/v1/members/{id}/renovation-projects", member.id())
			.header(HttpHeaders.AUTHORIZATION, member.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "并发测试项目", "category", "HIGH_STRENGTH_CORRUGATING", "addedCapacityTonnes", 1000,
					"investmentYuan", 1, "keyProjectLevel", "NONE", "plannedStart", "2026-01-01", "plannedCompletion",
					"2026-12-31"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id");
		List<String> targets = List.of("APPROVED", "UNDER_CONSTRUCTION", "COMPLETED", "IN_PRODUCTION", "SUSPENDED");

		List<Integer> statuses = concurrently(50,
				(i) -> this.client.post()
					.uri("/api/v1/renovation-projects/{id}/status", projectId)
					.header(HttpHeaders.AUTHORIZATION, member.bearer())
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("status", targets.get(i % targets.size())))
					.exchange()
					.returnResult(String.class)
					.getStatus()
					.value());
		assertThat(statuses).containsOnly(200, 409).contains(200);

		Map<?, ?> project = this.client.get()
			.uri("/api/v1/renovation-projects/{id}", projectId)
			.header(HttpHeaders.AUTHORIZATION, member.bearer())
			.exchange()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		List<?> history = (List<?>) project.get("history");
		assertThat(history).hasSize(1 + (int) statuses.stream().filter((status) -> status == 200).count());
		String resumeTo = null;
		for (int step = 1; step < history.size(); step++) {
			Map<?, ?> change = (Map<?, ?>) history.get(step);
			String from = (String) change.get("from");
			String to = (String) change.get("to");
			assertThat(from).isEqualTo(((Map<?, ?>) history.get(step - 1)).get("to"));
			List<String> legal = "SUSPENDED".equals(from) ? List.of(resumeTo)
					: LEGAL_NEXT.getOrDefault(from, List.of());
			assertThat(legal).as("step %d: %s -> %s", step, from, to).contains(to);
			resumeTo = "SUSPENDED".equals(to) ? from : resumeTo;
		}
	}

	private static List<Integer> concurrently(int clients, java.util.function.IntFunction<Integer> call) {
		ExecutorService pool = Executors.newFixedThreadPool(Math.min(clients, 64));
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<Integer>> calls = new ArrayList<>();
			IntStream.range(0, clients).forEach((i) -> calls.add(CompletableFuture.supplyAsync(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return call.apply(i);
			}, pool)));
			start.countDown();
			return calls.stream().map(CompletableFuture::join).toList();
		}
		finally {
			pool.shutdown();
		}
	}

}
