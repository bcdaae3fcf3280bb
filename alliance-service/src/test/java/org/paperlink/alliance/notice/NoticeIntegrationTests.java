package org.paperlink.alliance.notice;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
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
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@AllianceIntegrationTest
class NoticeIntegrationTests {

	private static final String HENGFENG = "de0000000000000000000001";

	private static final String DONGSEN = "de0000000000000000000002";

	private static RecordedTopic notices;

	@Autowired
	private WebTestClient client;

	@BeforeAll
	static void record() {
		notices = new RecordedTopic(TestInfrastructure.shared().kafkaBootstrapServers(), Topics.NOTICES);
	}

	@AfterAll
	static void stop() {
		notices.close();
	}

	@Test
	void aNoticeToAllCarriesEveryActiveMemberAndValidatesAgainstItsSchema() {
		String id = publish(Map.of("title", "安全生产大检查通知", "body", "请各成员企业于本周五前完成自查。", "audience", Map.of("scope", "ALL"),
				"priority", "URGENT", "requiresAck", true));
		ConsumerRecord<String, String> event = notices.await(RecordedTopic.withKey(id), 1, Duration.ofSeconds(20))
			.get(0);
		assertThat(RecordedTopic.header(event, "ce_type")).isEqualTo("org.paperlink.notice.published.v1");
		assertThat(EventSchemas.violations("org.paperlink.notice.published.v1", event.value())).isEmpty();
		List<String> audience = audienceOf(event);
		assertThat(audience).contains(HENGFENG, DONGSEN).hasSizeGreaterThanOrEqualTo(38);
	}

	@Test
	void aPillarNoticeReachesOnlyThatPillar() {
		String id = publish(Map.of("title", "包装印刷板块座谈会", "body", "请包装印刷企业参加。", "audience",
				Map.of("scope", "PILLARS", "pillars", List.of("PACKAGING_PRINTING"))));
		List<String> audience = audienceOf(notices.await(RecordedTopic.withKey(id), 1, Duration.ofSeconds(20)).get(0));
		assertThat(audience).isNotEmpty().doesNotContain(HENGFENG, DONGSEN);
		this.client.get()
			.uri("/api/v1/notices")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "hengfeng"))
			.exchange()
			.expectBody()
			.jsonPath("$[?(@.id == '" + id + "')]")
			.isEmpty();
		this.client.get()
			.uri("/api/v1/notices/{id}", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "hengfeng"))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void aScriptInTheBodyIsStoredAndReturnedHarmless() {
		String id = publish(Map.of("title", "<b onmouseover=alert(1)>会议</b>通知", "body",
				"**议程**\n1. 总结<script>alert('x')</script>\n2. 部署 <img src=x onerror=alert(2)>", "audience",
				Map.of("scope", "MEMBERS", "memberIds", List.of(DONGSEN))));
		String returned = this.client.get()
			.uri("/api/v1/notices/{id}", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "dongsen"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(returned).doesNotContain("<script", "<img", "onerror", "onmouseover", "<b")
			.contains("**议程**\\n1. 总结", "会议通知");
		String event = notices.await(RecordedTopic.withKey(id), 1, Duration.ofSeconds(20)).get(0).value();
		assertThat(event).doesNotContain("<script", "<img");
	}

	@Test
	void theTextIsKeptAsTypedNotEscaped() {
		String id = publish(Map.of("title", "R&D 中心“技改”座谈会", "body", "产量 < 10万吨 & 利润 > 0", "audience",
				Map.of("scope", "MEMBERS", "memberIds", List.of(DONGSEN))));
		this.client.get()
			.uri("/api/v1/notices/{id}", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "dongsen"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("R&D 中心“技改”座谈会")
			.jsonPath("$.body")
			.isEqualTo("产量 < 10万吨 & 利润 > 0");
		String event = notices.await(RecordedTopic.withKey(id), 1, Duration.ofSeconds(20)).get(0).value();
		assertThat((String) JsonPath.read(event, "$.title")).isEqualTo("R&D 中心“技改”座谈会");
		assertThat((String) JsonPath.read(event, "$.body")).isEqualTo("产量 < 10万吨 & 利润 > 0");
	}

	@Test
	void badAudiencesAndOtherRolesAreRefused() {
		this.client.post()
			.uri("/api/v1/notices")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "hengfeng"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "t", "body", "b", "audience", Map.of("scope", "ALL")))
			.exchange()
			.expectStatus()
			.isForbidden();
		String secretariat = "Bearer " + Api.token(this.client, "secretariat");
		this.client.post()
			.uri("/api/v1/notices")
			.header(HttpHeaders.AUTHORIZATION, secretariat)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "t", "body", "b", "audience",
					Map.of("scope", "MEMBERS", "memberIds", List.of(DONGSEN, "no-such-member"))))
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("audience.memberIds")
			.jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).contains("no-such-member"));
		this.client.post()
			.uri("/api/v1/notices")
			.header(HttpHeaders.AUTHORIZATION, secretariat)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "t", "body", "b", "audience", Map.of("scope", "PILLARS")))
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("audience.pillars");
	}

	@Test
	void aScheduledNoticeIsPublishedAtItsTime() {
		OffsetDateTime soon = OffsetDateTime.now().plusSeconds(2);
		Map<?, ?> created = this.client.post()
			.uri("/api/v1/notices")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "secretariat"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "定时通知", "body", "两秒后发布", "audience", Map.of("scope", "ALL"), "publishAt",
					soon.toString()))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(created.get("status")).isEqualTo("SCHEDULED");
		String id = (String) created.get("id");
		assertThat(notices.matching(RecordedTopic.withKey(id))).isEmpty();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.client.get()
				.uri("/api/v1/notices/{id}", id)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "dongsen"))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("PUBLISHED"));
		assertThat(notices.await(RecordedTopic.withKey(id), 1, Duration.ofSeconds(20))).hasSize(1);
	}

	private String publish(Map<String, Object> notice) {
		Map<?, ?> created = this.client.post()
			.uri("/api/v1/notices")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "secretariat"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(notice)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(created.get("status")).isEqualTo("PUBLISHED");
		return (String) created.get("id");
	}

	@SuppressWarnings("unchecked")
	private static List<String> audienceOf(ConsumerRecord<String, String> event) {
		return (List<String>) JsonMapper.builder().build().readValue(event.value(), Map.class).get("audienceMemberIds");
	}

}
