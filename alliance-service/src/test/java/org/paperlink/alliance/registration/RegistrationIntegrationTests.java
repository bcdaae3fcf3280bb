package org.paperlink.alliance.registration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.alliance.support.Api;
import org.paperlink.events.Topics;
import org.paperlink.testsupport.RecordedTopic;
import org.paperlink.testsupport.TestInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@AllianceIntegrationTest
class RegistrationIntegrationTests {

	private static RecordedTopic members;

	@Autowired
	private WebTestClient client;

	@BeforeAll
	static void recordMemberEvents() {
		members = new RecordedTopic(TestInfrastructure.shared().kafkaBootstrapServers(), Topics.MEMBERS);
	}

	@AfterAll
	static void stopRecording() {
		members.close();
	}

	@Test
	void anApplicationIsPendingAndPublishedAsACloudEvent() {
		String uscc = Api.newUscc();
		String id = Api.register(this.client, uscc, Api.newUsername());

		ConsumerRecord<String, String> event = members.await(RecordedTopic.withKey(id), 1, Duration.ofSeconds(15))
			.get(0);
		assertThat(RecordedTopic.header(event, "ce_type")).isEqualTo("org.paperlink.member.registered.v1");
		assertThat(RecordedTopic.header(event, "ce_specversion")).isEqualTo("1.0");
		assertThat(RecordedTopic.header(event, "ce_subject")).isEqualTo(id);
		assertThat(RecordedTopic.header(event, "ce_source")).isEqualTo("/paperlink/alliance-service");
		assertThat(RecordedTopic.header(event, "ce_id")).isNotBlank();
		assertThat(RecordedTopic.header(event, "ce_time")).isNotBlank();
		assertThat(event.value()).contains("\"uscc\":\"" + uscc + "\"").contains("测试纸业有限公司");

		String secretariat = Api.token(this.client, "secretariat");
		this.client.get()
			.uri("/api/v1/registrations?status=PENDING&size=200")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + secretariat)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items[?(@.id == '" + id + "')].status")
			.isEqualTo("PENDING");
	}

	@Test
	void aWrongCheckCharacterIsAFieldErrorInChineseByDefaultAndInEnglishOnRequest() {
		String uscc = Api.newUscc();
		String wrong = uscc.substring(0, 17) + (uscc.charAt(17) == '0' ? '1' : '0');
		this.client.post()
			.uri("/api/v1/registrations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Api.application(wrong, Api.newUsername()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("uscc")
			.jsonPath("$.errors[0].message")
			.isEqualTo("统一社会信用代码校验位错误：请核对最后一位")
			.jsonPath("$.title")
			.isEqualTo("请求参数有误");

		this.client.post()
			.uri("/api/v1/registrations")
			.header(HttpHeaders.ACCEPT_LANGUAGE, "en-US,en;q=0.8")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Api.application(wrong, Api.newUsername()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].message")
			.isEqualTo("has a wrong check character: please check the last character");
	}

	@Test
	void aCodeOfNoAuthorityInTheStandardIsRefusedThoughItsCheckCharacterFits() {
		// 000000000000000000: the check character of seventeen zeros is 0, but there is
		// no
		// registration authority 0 nor kind 0
		this.client.post()
			.uri("/api/v1/registrations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Api.application("000000000000000000", Api.newUsername()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("uscc")
			.jsonPath("$.errors[0].message")
			.value((message) -> assertThat((String) message).contains("GB 32100", "登记管理部门"));
	}

	@Test
	void everyInvalidFieldIsListed() {
		Map<String, Object> application = new java.util.HashMap<>(Api.application(Api.newUscc(), "X"));
		application.put("pillar", "MINING");
		application.put("contact", Map.of("name", "张三", "phone", "02112345678"));
		application.put("password", "short");
		this.client.post()
			.uri("/api/v1/registrations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(application)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[*].field")
			.value((fields) -> assertThat(((List<?>) fields).stream().map(String::valueOf))
				.containsExactlyInAnyOrder("pillar", "contact.phone", "password", "username"));
	}

	/**
	 * Issue 35, item 5: an applicant cannot take the name of the platform's own accounts
	 * ({@code admin} before the first administrator exists would make the bootstrap do
	 * nothing) or of the service in the audit trail.
	 */
	@Test
	void anApplicantCannotTakeAReservedUsername() {
		for (String reserved : List.of("admin", "system", "bootstrap", "anonymous")) {
			this.client.post()
				.uri("/api/v1/registrations")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Api.application(Api.newUscc(), reserved))
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("username")
				.jsonPath("$.errors[0].message")
				.value((message) -> assertThat((String) message).contains("保留"));
		}
	}

	@Test
	void aRepeatedUsccIsAConflictOnThatField() {
		String uscc = Api.newUscc();
		Api.register(this.client, uscc, Api.newUsername());
		this.client.post()
			.uri("/api/v1/registrations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Api.application(uscc, Api.newUsername()))
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:paperlink:problem:uscc-taken")
			.jsonPath("$.errors[0].field")
			.isEqualTo("uscc");
	}

	@Test
	void anApprovedApplicantCanSignInAsAMemberOfItsEnterprise() {
		String username = Api.newUsername();
		String id = Api.register(this.client, Api.newUscc(), username);
		this.client.post()
			.uri("/api/v1/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", "Paper2026ok"))
			.exchange()
			.expectStatus()
			.isForbidden();

		this.client.post()
			.uri("/api/v1/registrations/{id}/approve", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "secretariat"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("pillar", "PACKAGING_PRINTING", "tier", "MEMBER"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("ACTIVE")
			.jsonPath("$.pillar")
			.isEqualTo("PACKAGING_PRINTING");

		String memberToken = Api.token(this.client, username, "Paper2026ok");
		this.client.get()
			.uri("/api/v1/members/{id}", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + memberToken)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.contact.phone")
			.isEqualTo("13800138000");
		assertThat(members.await(
				RecordedTopic.withKey(id).and(RecordedTopic.withHeader("ce_type", "org.paperlink.member.approved.v1")),
				1, Duration.ofSeconds(15)))
			.hasSize(1);
	}

	@Test
	void ofTwoConcurrentApprovalsExactlyOneWins() throws Exception {
		String id = Api.register(this.client, Api.newUscc(), Api.newUsername());
		String secretariat = Api.token(this.client, "secretariat");
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Integer>> approvals = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			approvals.add(CompletableFuture.supplyAsync(() -> {
				awaitQuietly(start);
				return this.client.post()
					.uri("/api/v1/registrations/{id}/approve", id)
					.header(HttpHeaders.AUTHORIZATION, "Bearer " + secretariat)
					.exchange()
					.returnResult(String.class)
					.getStatus()
					.value();
			}));
		}
		start.countDown();
		List<Integer> statuses = approvals.stream().map(CompletableFuture::join).toList();
		assertThat(statuses).containsExactlyInAnyOrder(200, 409);
	}

	@Test
	void aRejectionNeedsAReasonAndReleasesTheUscc() {
		String uscc = Api.newUscc();
		String id = Api.register(this.client, uscc, Api.newUsername());
		String secretariat = Api.token(this.client, "secretariat");
		this.client.post()
			.uri("/api/v1/registrations/{id}/reject", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + secretariat)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("reason", " "))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("reason");
		this.client.post()
			.uri("/api/v1/registrations/{id}/reject", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + secretariat)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("reason", "材料不全"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("REJECTED");

		Api.register(this.client, uscc, Api.newUsername());
	}

	@Test
	void onlyTheSecretariatDecidesAndOnlyWithAToken() {
		String id = Api.register(this.client, Api.newUscc(), Api.newUsername());
		this.client.post()
			.uri("/api/v1/registrations/{id}/approve", id)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("未登录");
		for (String wrongRole : List.of("hengfeng", "party", "admin")) {
			this.client.post()
				.uri("/api/v1/registrations/{id}/approve", id)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, wrongRole))
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
		this.client.post()
			.uri("/api/v1/registrations/{id}/approve", "no-such-application")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "secretariat"))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
