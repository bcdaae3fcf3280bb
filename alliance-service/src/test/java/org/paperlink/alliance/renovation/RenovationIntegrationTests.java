package org.paperlink.alliance.renovation;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.alliance.support.Api;
import org.paperlink.events.Topics;
import org.paperlink.events.EventSchemas;
import org.paperlink.testsupport.RecordedTopic;
import org.paperlink.testsupport.TestInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@AllianceIntegrationTest
class RenovationIntegrationTests {

	private static RecordedTopic renovations;

	private static RecordedTopic capacity;

	@Autowired
	private WebTestClient client;

	@BeforeAll
	static void record() {
		renovations = new RecordedTopic(TestInfrastructure.shared().kafkaBootstrapServers(), Topics.RENOVATIONS);
		capacity = new RecordedTopic(TestInfrastructure.shared().kafkaBootstrapServers(), Topics.CAPACITY);
	}

	@AfterAll
	static void stop() {
		renovations.close();
		capacity.close();
	}

	@Test
	void aProjectWalkedToProductionFilesThePromisedCapacityAndPublishesEachStep() {
		Api.SignedInMember member = Api.newActiveMember(this.client);
		String projectId = register(member);

		move(member.bearer(), projectId, "APPROVED").expectStatus().isOk();
		move(member.bearer(), projectId, "SUSPENDED").expectStatus().isOk();
		move(member.bearer(), projectId, "UNDER_CONSTRUCTION").expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.allowed")
			.isEqualTo(List.of("APPROVED"));
		move("Bearer " + Api.token(this.client, "secretariat"), projectId, "APPROVED").expectStatus().isOk();
		move(member.bearer(), projectId, "UNDER_CONSTRUCTION").expectStatus().isOk();
		move(member.bearer(), projectId, "IN_PRODUCTION").expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:paperlink:problem:illegal-transition")
			.jsonPath("$.allowed")
			.isEqualTo(List.of("COMPLETED", "SUSPENDED"));
		move(member.bearer(), projectId, "COMPLETED").expectStatus().isOk();
		move(member.bearer(), projectId, "IN_PRODUCTION").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("IN_PRODUCTION")
			.jsonPath("$.allowedNext.length()")
			.isEqualTo(0);

		this.client.get()
			.uri("/api/v1/members/{id}/capacity-reports", member.id())
			.header(HttpHeaders.AUTHORIZATION, member.bearer())
			.exchange()
			.expectBody()
			.jsonPath("$[0].annualTonnes")
			.isEqualTo(370000)
			.jsonPath("$[0].projectId")
			.isEqualTo(projectId)
			.jsonPath("$[0].reason")
			.isEqualTo("RENOVATION");

		List<ConsumerRecord<String, String>> steps = renovations.await(RecordedTopic.withKey(member.id()), 7,
				Duration.ofSeconds(20));
		assertThat(steps).extracting((record) -> RecordedTopic.header(record, "ce_type"))
			.first()
			.isEqualTo("org.paperlink.renovation.registered.v1");
		assertThat(steps).allSatisfy((record) -> {
			assertThat(RecordedTopic.header(record, "ce_subject")).isEqualTo(projectId);
			assertThat(EventSchemas.violations(RecordedTopic.header(record, "ce_type"), record.value())).isEmpty();
		});
		assertThat(steps.get(steps.size() - 1).value()).contains("\"toStatus\":\"IN_PRODUCTION\"");
		ConsumerRecord<String, String> filed = capacity
			.await(RecordedTopic.withKey(member.id()), 1, Duration.ofSeconds(20))
			.get(0);
		assertThat(filed.value()).contains("\"changeTonnes\":250000", "\"projectId\":\"" + projectId + "\"");
	}

	@Test
	void onlyTheOwnerOrTheSecretariatMovesAProject() {
		Api.SignedInMember owner = Api.newActiveMember(this.client);
		String projectId = register(owner);
		Api.SignedInMember other = Api.newActiveMember(this.client);
		move(other.bearer(), projectId, "APPROVED").expectStatus().isForbidden();
		move("Bearer " + Api.token(this.client, "party"), projectId, "APPROVED").expectStatus().isForbidden();
		move(owner.bearer(), "no-such-project", "APPROVED").expectStatus().isNotFound();
		this.client.post()
			.uri("/api/v1/members/{id}/renovation-projects", owner.id())
			.header(HttpHeaders.AUTHORIZATION, other.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(project())
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void theDemoPipelineHoldsDongsensPhaseOneInProduction() {
		this.client.get()
			.uri("/api/v1/renovation-projects?status=IN_PRODUCTION")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "party"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[?(@.enterpriseName == '东森纸业')].title")
			.isEqualTo("年产25万吨高强瓦楞纸技改项目（一期）");
	}

	private String register(Api.SignedInMember member) {
		Map<?, ?> created = this.client.post()
			.uri("/api/v1/members/{id}/renovation-projects", member.id())
			.header(HttpHeaders.AUTHORIZATION, member.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(project())
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(created.get("status")).isEqualTo("PLANNED");
		return (String) created.get("id");
	}

	private static Map<String, Object> project() {
		return Map.of("title", "年产25万吨高强瓦楞纸技改项目（二期）", "category", "HIGH_STRENGTH_CORRUGATING", "addedCapacityTonnes",
				250000, "investmentYuan", 260000000, "keyProjectLevel", "XINMI", "plannedStart", "2026-03-01",
				"plannedCompletion", "2027-06-30");
	}

	private WebTestClient.ResponseSpec move(String bearer, String projectId, String status) {
		return this.client.post()
			.uri("/api/v1/renovation-projects/{id}/status", projectId)
			.header(HttpHeaders.AUTHORIZATION, bearer)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("status", status, "note", "测试"))
			.exchange();
	}

}
