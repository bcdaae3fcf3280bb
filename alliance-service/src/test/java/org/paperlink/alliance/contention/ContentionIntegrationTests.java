package org.paperlink.alliance.contention;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.alliance.support.Api;

import org.springframework.beans.factory.annotation.Autowired;
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

	/**
	 * 200 registrations hash 200 passwords (bcrypt) on two cores: answers take longer
	 * than usual.
	 */
	@Autowired
	void patientClient(WebTestClient client) {
		this.client = client.mutate().responseTimeout(java.time.Duration.ofSeconds(90)).build();
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
