package org.paperlink.alliance.capacity;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperlink.alliance.structure.AllianceOverviewService;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.alliance.support.Api;
import org.paperlink.events.EventSchemas;
import org.paperlink.events.Topics;
import org.paperlink.testsupport.RecordedTopic;
import org.paperlink.testsupport.TestInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@AllianceIntegrationTest
class CapacityIntegrationTests {

	private static RecordedTopic capacity;

	@Autowired
	private WebTestClient client;

	@Autowired
	private ReactiveMongoTemplate mongo;

	@Autowired
	private AllianceOverviewService overview;

	@BeforeAll
	static void record() {
		capacity = new RecordedTopic(TestInfrastructure.shared().kafkaBootstrapServers(), Topics.CAPACITY);
	}

	@AfterAll
	static void stop() {
		capacity.close();
	}

	@Test
	void aReportChangesTheFigureKeepsHistoryAndIsPublishedAsAValidCloudEvent() {
		Api.SignedInMember member = Api.newActiveMember(this.client);
		long totalBefore = summaryTotal();
		long overviewBefore = overviewTotal();

		report(member, "HIGH_STRENGTH_CORRUGATING", 370000, LocalDate.now()).expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.previousAnnualTonnes")
			.isEqualTo(120000)
			.jsonPath("$.annualTonnes")
			.isEqualTo(370000)
			.jsonPath("$.changeTonnes")
			.isEqualTo(250000);

		assertThat(summaryTotal()).isEqualTo(totalBefore + 250000);
		// the public overview shows it at once, on the replica that took the report
		assertThat(overviewTotal()).isEqualTo(overviewBefore + 250000);
		this.client.get()
			.uri("/api/v1/members/{id}/capacity-reports", member.id())
			.header(HttpHeaders.AUTHORIZATION, member.bearer())
			.exchange()
			.expectBody()
			.jsonPath("$[0].annualTonnes")
			.isEqualTo(370000);

		ConsumerRecord<String, String> event = capacity
			.await(RecordedTopic.withKey(member.id()), 1, Duration.ofSeconds(20))
			.get(0);
		assertThat(RecordedTopic.header(event, "ce_type")).isEqualTo("org.paperlink.capacity.reported.v1");
		assertThat(RecordedTopic.header(event, "ce_subject")).isEqualTo(member.id());
		assertThat(EventSchemas.violations("org.paperlink.capacity.reported.v1", event.value())).isEmpty();
		assertThat(event.value()).contains("\"previousAnnualTonnes\":120000", "\"annualTonnes\":370000",
				"\"changeTonnes\":250000");
	}

	/**
	 * A member's document written by an older release, or by hand, without some of the
	 * fields the overview sums: the overview reads it as nothing, and reports go on.
	 */
	@Test
	void aMemberDocumentLackingFiguresStopsNeitherTheOverviewNorTheReports() {
		Api.SignedInMember member = Api.newActiveMember(this.client);
		String sparse = "sparse" + System.nanoTime();
		this.mongo
			.insert(new Document("_id", sparse).append("enterpriseName", "旧版登记企业")
				.append("status", "ACTIVE")
				.append("pillar", "SUPPORTING")
				.append("version", 0L), "members")
			.block();
		try {
			// as after a seed: every member is read again
			this.overview.manyChanged();

			long before = overviewTotal();
			report(member, "HIGH_STRENGTH_CORRUGATING", 150000, LocalDate.now()).expectStatus().isCreated();
			assertThat(overviewTotal()).isEqualTo(before + 30000);
		}
		finally {
			this.mongo.remove(Query.query(Criteria.where("_id").is(sparse)), "members").block();
			this.overview.manyChanged();
		}
	}

	@Test
	void theSummaryComputesTheCapacityAddedSinceTheAllianceWasFounded() {
		this.client.get()
			.uri("/api/v1/capacity/summary?since=2022-01-01")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "party"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.addedSinceTonnes")
			.value((added) -> assertThat(((Number) added).longValue()).isGreaterThanOrEqualTo(960000))
			.jsonPath("$.byPillar[?(@.pillar == 'PAPERMAKING')].tonnes")
			.exists()
			.jsonPath("$.byCategory[?(@.category == 'HIGH_STRENGTH_CORRUGATING')].name")
			.isEqualTo("高强瓦楞纸")
			.jsonPath("$.byYear[0].year")
			.isEqualTo(2022)
			.jsonPath("$.byYear[?(@.year == 2022)].addedTonnes")
			.value((added) -> assertThat(((Number) ((List<?>) added).get(0)).longValue()).isPositive());
	}

	@Test
	void reportsThatChangeNothingOrMakeNoSenseAreRefusedClearly() {
		Api.SignedInMember member = Api.newActiveMember(this.client);
		report(member, "HIGH_STRENGTH_CORRUGATING", 120000, LocalDate.now()).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:paperlink:problem:capacity-unchanged")
			.jsonPath("$.errors[0].field")
			.isEqualTo("annualTonnes");
		report(member, "HIGH_STRENGTH_CORRUGATING", -5, LocalDate.now()).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("annualTonnes");
		report(member, "HIGH_STRENGTH_CORRUGATING", 130000, LocalDate.of(2015, 1, 1)).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("effectiveFrom");
		report(member, "TISSUE_PARENT_ROLL", 10000, LocalDate.now()).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:paperlink:problem:category-not-produced");
		report(member, "STEEL", 10000, LocalDate.now()).expectStatus().isBadRequest();

		Api.SignedInMember other = Api.newActiveMember(this.client);
		this.client.post()
			.uri("/api/v1/members/{id}/capacity-reports", member.id())
			.header(HttpHeaders.AUTHORIZATION, other.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("category", "HIGH_STRENGTH_CORRUGATING", "annualTonnes", 1, "effectiveFrom",
					LocalDate.now().toString(), "reason", "EXPANSION"))
			.exchange()
			.expectStatus()
			.isForbidden();
		this.client.get()
			.uri("/api/v1/members/{id}/capacity-reports", member.id())
			.header(HttpHeaders.AUTHORIZATION, member.bearer())
			.exchange()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(0);
	}

	@Test
	void theCapacityTableExportsToExcelWithChineseHeaders() throws Exception {
		byte[] workbook = Api.spreadsheet(this.client, "/api/v1/capacity/export", "secretariat");
		try (XSSFWorkbook excel = new XSSFWorkbook(new ByteArrayInputStream(workbook))) {
			Sheet table = excel.getSheet("产能表");
			assertThat(table.getRow(0).getCell(0).getStringCellValue()).isEqualTo("企业名称");
			assertThat(table.getRow(0).getCell(4).getStringCellValue()).isEqualTo("年产能（吨）");
			assertThat(table.getLastRowNum()).isGreaterThanOrEqualTo(38);
		}
		this.client.get()
			.uri("/api/v1/capacity/export")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "hengfeng"))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	private WebTestClient.ResponseSpec report(Api.SignedInMember member, String category, long tonnes,
			LocalDate effectiveFrom) {
		return this.client.post()
			.uri("/api/v1/members/{id}/capacity-reports", member.id())
			.header(HttpHeaders.AUTHORIZATION, member.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("category", category, "annualTonnes", tonnes, "effectiveFrom", effectiveFrom.toString(),
					"reason", "EXPANSION"))
			.exchange();
	}

	private long summaryTotal() {
		Map<?, ?> summary = this.client.get()
			.uri("/api/v1/capacity/summary")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "party"))
			.exchange()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return ((Number) summary.get("totalTonnes")).longValue();
	}

	private long overviewTotal() {
		Map<?, ?> overview = this.client.get()
			.uri("/api/v1/alliance")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return ((Number) overview.get("capacityTotalTonnes")).longValue();
	}

}
