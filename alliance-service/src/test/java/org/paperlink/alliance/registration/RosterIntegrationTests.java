package org.paperlink.alliance.registration;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.alliance.support.Api;
import org.paperlink.events.EventSchemas;
import org.paperlink.events.Topics;
import org.paperlink.testsupport.RecordedTopic;
import org.paperlink.testsupport.TestInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The secretariat's roster: exported as a spreadsheet, and imported from one (or from a
 * CSV file) through a preview that creates nothing, then a confirmation that registers
 * and approves each valid row as a self-registration would.
 */
@AllianceIntegrationTest
class RosterIntegrationTests {

	private static final List<String> HEADERS = List.of("企业名称", "统一社会信用代码", "板块", "主要产品", "主要原料", "年产能（吨）", "联系人", "手机",
			"邮箱", "村（社区）", "地址", "用户名");

	private static RecordedTopic members;

	@Autowired
	private WebTestClient client;

	@Autowired
	private ReactiveMongoTemplate mongo;

	@BeforeAll
	static void record() {
		members = new RecordedTopic(TestInfrastructure.shared().kafkaBootstrapServers(), Topics.MEMBERS);
	}

	@AfterAll
	static void stop() {
		members.close();
	}

	@Test
	void thePreviewChecksEveryRowNamesTheColumnAtFaultAndCreatesNothing() throws Exception {
		String uscc = Api.newUscc();
		String wrongCheck = Api.newUscc();
		wrongCheck = wrongCheck.substring(0, 17) + (wrongCheck.endsWith("0") ? "1" : "0");
		byte[] workbook = workbook(List.of(row("预览纸业（测试）", uscc, Api.newUsername(), "13800138001"),
				row("校验位错误纸业（测试）", wrongCheck, Api.newUsername(), "13800138002"),
				row("重复纸业（测试）", uscc, Api.newUsername(), "138")));

		Map<?, ?> preview = upload("名册.xlsx", workbook).expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(preview.get("total")).isEqualTo(3);
		assertThat(preview.get("valid")).isEqualTo(1);
		List<Map<String, Object>> rows = (List<Map<String, Object>>) preview.get("rows");
		assertThat(rows).extracting((row) -> row.get("row")).containsExactly(2, 3, 4);
		assertThat(rows.get(0).get("valid")).isEqualTo(true);
		assertThat(errors(rows.get(1))).containsExactly("统一社会信用代码：统一社会信用代码校验位错误：请核对最后一位");
		assertThat(errors(rows.get(2))).containsExactlyInAnyOrder("统一社会信用代码：与第 2 行重复", "手机：请填写11位中国大陆手机号码");
		assertThat(directoryCount("预览纸业（测试）")).as("nothing is created by a preview").isZero();
	}

	@Test
	void confirmingRegistersAndApprovesEachValidRowOnceWithAnInitialPassword() throws Exception {
		String username = Api.newUsername();
		String name = "确认导入纸业（测试）" + username;
		Map<?, ?> preview = upload("roster.xlsx", workbook(List.of(row(name, Api.newUscc(), username, "13800138003"))))
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();

		Map<?, ?> confirmation = confirm(preview.get("id")).expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		Map<?, ?> created = (Map<?, ?>) ((List<?>) confirmation.get("rows")).get(0);
		Map<?, ?> outcome = (Map<?, ?>) created.get("outcome");
		assertThat(outcome.get("error")).isNull();
		String memberId = (String) outcome.get("memberId");
		String initialPassword = (String) created.get("initialPassword");
		assertThat(Api.signIn(this.client, username, initialPassword).get("password_change_required"))
			.as("the new account signs in, to change its initial password")
			.isEqualTo(true);
		assertThat(directoryCount(name)).isEqualTo(1);

		List<ConsumerRecord<String, String>> events = members.await(RecordedTopic.withKey(memberId), 2,
				Duration.ofSeconds(20));
		assertThat(events).extracting((event) -> RecordedTopic.header(event, "ce_type"))
			.containsExactly("org.paperlink.member.registered.v1", "org.paperlink.member.approved.v1");
		assertThat((String) JsonPath.read(events.get(0).value(), "$.importedBy")).as("the row's application")
			.isEqualTo("secretariat");
		// the secretariat is told once, with the summary (issue 14, item 18)
		String summary = members.await(RecordedTopic.withKey((String) preview.get("id")), 1, Duration.ofSeconds(20))
			.get(0)
			.value();
		assertThat((String) JsonPath.read(summary, "$.fileName")).isEqualTo("roster.xlsx");
		assertThat((Integer) JsonPath.read(summary, "$.created")).isEqualTo(1);
		assertThat((Integer) JsonPath.read(summary, "$.refused")).isZero();
		assertThat(EventSchemas.violations("org.paperlink.member.roster-imported.v1", summary)).isEmpty();

		confirm(preview.get("id")).expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(directoryCount(name)).as("a second confirmation creates nothing").isEqualTo(1);
		confirm("000000000000000000000000").expectStatus().isNotFound();
	}

	/**
	 * Issue 14, item 9: a confirmation interrupted after its first row had become a
	 * member (the state it leaves: the preview again, with that row's outcome recorded)
	 * is confirmed again: the rest is created, and the member created the first time gets
	 * a new initial password, since nobody saw the first.
	 */
	@Test
	void anInterruptedConfirmationIsConfirmedAgainWithEveryInitialPasswordShown() throws Exception {
		String first = Api.newUsername();
		String second = Api.newUsername();
		String confirmation = confirmAgainAfterInterruption(first, second, false);

		List<String> errors = JsonPath.read(confirmation, "$.rows[*].outcome.error");
		assertThat(errors).containsOnlyNulls().hasSize(2);
		assertThat(Api.token(this.client, first, initialPasswordOf(confirmation, first)))
			.as("the first row's new initial password")
			.isNotBlank();
		assertThat(Api.token(this.client, second, initialPasswordOf(confirmation, second))).isNotBlank();
	}

	/**
	 * Issue 35, item 5: a member created by the interrupted confirmation that has changed
	 * its initial password since (it was seen after all) keeps the password it chose.
	 */
	@Test
	void anInterruptedConfirmationLeavesAPasswordChosenSinceAlone() throws Exception {
		String first = Api.newUsername();
		String second = Api.newUsername();
		String confirmation = confirmAgainAfterInterruption(first, second, true);

		assertThat(initialPasswordOf(confirmation, first)).as("no new password for the first row").isNull();
		assertThat(Api.signIn(this.client, first, "Paper2026ok").get("password_change_required"))
			.as("the password it chose still signs in")
			.isEqualTo(false);
		assertThat(initialPasswordOf(confirmation, second)).isNotBlank();
	}

	/**
	 * Previews two rows, leaves the state a confirmation interrupted after the first row
	 * leaves (its member created with an initial password, its outcome recorded), then
	 * confirms again; the confirmation's answer.
	 * @param firstChangedItsPassword whether the first member chose a password of its own
	 * in between
	 */
	private String confirmAgainAfterInterruption(String first, String second, boolean firstChangedItsPassword)
			throws Exception {
		String firstUscc = Api.newUscc();
		Map<?, ?> preview = upload("roster.xlsx",
				workbook(List.of(row("中断导入甲（测试）" + first, firstUscc, first, "13800138004"),
						row("中断导入乙（测试）" + second, Api.newUscc(), second, "13800138005"))))
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		String importId = (String) preview.get("id");
		// what the interrupted confirmation did: the first row's member, whose initial
		// password was lost with the answer (or, if it chose one since, was not)
		String firstMember = Api.register(this.client, firstUscc, first);
		this.client.post()
			.uri("/api/v1/registrations/{id}/approve", firstMember)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "secretariat"))
			.exchange()
			.expectStatus()
			.isOk();
		if (!firstChangedItsPassword) {
			this.mongo
				.updateFirst(Query.query(Criteria.where("_id").is(first)),
						new Update().set("passwordMustChangeBy", Instant.now().plus(Duration.ofDays(7))), "accounts")
				.block();
		}
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(importId)),
				new Update().set("outcomes",
						List.of(new org.bson.Document("row", 2).append("enterpriseName", "中断导入甲（测试）" + first)
							.append("memberId", firstMember)
							.append("username", first))),
				"member_imports")
			.block();
		return confirm(importId).expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
	}

	private static String initialPasswordOf(String confirmation, String username) {
		return JsonPath
			.<List<String>>read(confirmation, "$.rows[?(@.outcome.username == '" + username + "')].initialPassword")
			.get(0);
	}

	@Test
	void aCsvFileSavedByExcelInGbkIsReadWithChineseNamesForCodes() {
		String username = Api.newUsername();
		String csv = String.join(",", HEADERS) + "\r\n" + "CSV纸业（测试）," + Api.newUscc()
				+ ",造纸,牛皮纸、箱板纸,废纸,80000,李四,13800138004,li@example.cn,和合村,大隗镇和合村," + username + "\r\n";
		Map<?, ?> preview = upload("名册.csv", csv.getBytes(Charset.forName("GB18030"))).expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		Map<?, ?> row = (Map<?, ?>) ((List<?>) preview.get("rows")).get(0);
		assertThat(row.get("errors")).asList().isEmpty();
		assertThat(row.get("enterpriseName")).isEqualTo("CSV纸业（测试）");
		assertThat(row.get("pillar")).isEqualTo("PAPERMAKING");
	}

	@Test
	void aFileThatIsNotARosterIsRefusedSayingWhatIsMissing() {
		upload("名册.csv", "企业名称,备注\r\n某纸业,无\r\n".getBytes(Charset.forName("UTF-8"))).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("统一社会信用代码", "用户名"));
		upload("名册.xlsx", new byte[] { 'P', 'K', 3, 4, 0, 0 }).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("无法读取文件");
		upload("名册.csv", new byte[2 * 1024 * 1024]).expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		MultipartBodyBuilder noFile = new MultipartBodyBuilder();
		noFile.part("note", "没有文件");
		this.client.post()
			.uri("/api/v1/member-imports")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "secretariat"))
			.body(BodyInserters.fromMultipartData(noFile.build()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void theRosterExportsWithTheImportsColumnsAndReimportingItFindsEveryoneRegistered() throws Exception {
		byte[] roster = Api.spreadsheet(this.client, "/api/v1/members/export", "party");
		try (XSSFWorkbook excel = new XSSFWorkbook(new ByteArrayInputStream(roster))) {
			Sheet sheet = excel.getSheet("成员名册");
			for (int column = 0; column < HEADERS.size(); column++) {
				assertThat(sheet.getRow(0).getCell(column).getStringCellValue()).isEqualTo(HEADERS.get(column));
			}
			assertThat(sheet.getLastRowNum()).isGreaterThanOrEqualTo(38);
		}
		Map<?, ?> preview = upload("名册.xlsx", roster).expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(preview.get("valid")).as("every exported member is registered already").isEqualTo(0);
	}

	private WebTestClient.ResponseSpec upload(String fileName, byte[] content) {
		MultipartBodyBuilder body = new MultipartBodyBuilder();
		body.part("file", new ByteArrayResource(content)).filename(fileName);
		return this.client.post()
			.uri("/api/v1/member-imports")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "secretariat"))
			.body(BodyInserters.fromMultipartData(body.build()))
			.exchange();
	}

	private WebTestClient.ResponseSpec confirm(Object id) {
		return this.client.post()
			.uri("/api/v1/member-imports/{id}/confirm", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "secretariat"))
			.exchange();
	}

	private long directoryCount(String name) {
		Map<?, ?> page = this.client.get()
			.uri((uri) -> uri.path("/api/v1/members").queryParam("q", name).build())
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "secretariat"))
			.exchange()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return ((Number) page.get("total")).longValue();
	}

	private static List<String> errors(Map<String, Object> row) {
		return ((List<Map<String, String>>) row.get("errors")).stream()
			.map((error) -> error.get("column") + "：" + error.get("message"))
			.toList();
	}

	private static List<String> row(String name, String uscc, String username, String phone) {
		return List.of(name, uscc, "造纸", "牛皮纸", "废纸", "80000", "王五", phone, "wang@example.cn", "和合村", "", username);
	}

	private static byte[] workbook(List<List<String>> rows) throws Exception {
		try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Sheet sheet = workbook.createSheet("名册");
			Row header = sheet.createRow(0);
			for (int column = 0; column < HEADERS.size(); column++) {
				header.createCell(column).setCellValue(HEADERS.get(column));
			}
			for (int index = 0; index < rows.size(); index++) {
				Row row = sheet.createRow(index + 1);
				for (int column = 0; column < rows.get(index).size(); column++) {
					row.createCell(column).setCellValue(rows.get(index).get(column));
				}
			}
			workbook.write(out);
			return out.toByteArray();
		}
	}

}
