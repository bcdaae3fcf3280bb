package org.paperlink.alliance.security;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.alliance.support.Api;
import org.paperlink.platform.AccessMatrix;
import org.paperlink.platform.Role;
import org.paperlink.testsupport.AccessMatrixCheck;
import org.paperlink.testsupport.AccessMatrixCheck.Call;
import org.paperlink.testsupport.AccessMatrixCheck.Caller;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * alliance-service against {@code access-matrix.yml}: every endpoint, as the anonymous, a
 * member on its own enterprise, a member of another, the secretariat, the Party committee
 * and the administrator.
 */
@AllianceIntegrationTest
class AccessMatrixTests {

	private static final String PASSWORD = "Paper2026ok";

	@Autowired
	private WebTestClient client;

	@Autowired
	private AccessMatrix matrix;

	@Autowired
	private AccountService accounts;

	@Test
	void everyEndpointHasARowAndEveryRowAnEndpointAndTheReadmeShowsIt() {
		AccessMatrixCheck.everyOperationHasARow(this.client, this.matrix);
		AccessMatrixCheck.theReadmeShowsEveryRow(this.matrix);
	}

	@Test
	void everyEndpointAnswersEveryKindOfCallerAsTheMatrixSays() {
		Member own = member();
		Member other = member();
		String project = project(own);
		String listing = listing(own);
		String notice = noticeTo(own.id());
		List<Caller> callers = List.of(Caller.anonymous(), new Caller("member (own)", own.bearer(), Role.MEMBER, false),
				new Caller("member (other)", other.bearer(), Role.MEMBER, true),
				new Caller("secretariat", bearer("secretariat", Api.DEMO_PASSWORD), Role.SECRETARIAT, false),
				new Caller("party committee", bearer("party", Api.DEMO_PASSWORD), Role.PARTY_COMMITTEE, false),
				new Caller("admin", bearer("admin", Api.DEMO_PASSWORD), Role.ADMIN, false));
		AccessMatrixCheck.everyRowAnswersAsTheMatrixSays(this.client, this.matrix, callers, (rule, caller) -> {
			String endpoint = rule.endpoint();
			return switch (endpoint) {
				case "POST /api/v1/auth/token" ->
					Call.of("/api/v1/auth/token", Map.of("username", "secretariat", "password", Api.DEMO_PASSWORD));
				case "POST /api/v1/auth/refresh" -> Call.of("/api/v1/auth/refresh", Map.of("refresh_token",
						Api.signIn(this.client, "secretariat", Api.DEMO_PASSWORD).get("refresh_token")));
				case "POST /api/v1/auth/logout" -> Call.of("/api/v1/auth/logout", Map.of("refresh_token",
						Api.signIn(this.client, "secretariat", Api.DEMO_PASSWORD).get("refresh_token")));
				case "POST /api/v1/auth/password" -> passwordChange(caller);
				case "POST /api/v1/registrations" ->
					Call.of("/api/v1/registrations", Api.application(Api.newUscc(), Api.newUsername()));
				case "POST /api/v1/registrations/{id}/approve" ->
					Call.of("/api/v1/registrations/" + pending() + "/approve", Map.of());
				case "POST /api/v1/registrations/{id}/reject" ->
					Call.of("/api/v1/registrations/" + pending() + "/reject", Map.of("reason", "材料不全"));
				case "GET /api/v1/members/{id}" -> Call.of("/api/v1/members/" + own.id());
				case "PATCH /api/v1/members/{id}" -> Call.of("/api/v1/members/" + own.id(),
						Map.of("address", "大隗镇工业路" + ThreadLocalRandom.current().nextInt(1_000_000) + "号"));
				case "POST /api/v1/members/{id}/suspend" ->
					Call.of("/api/v1/members/" + member().id() + "/suspend", Map.of("reason", "停产整顿"));
				case "POST /api/v1/members/{id}/reinstate" ->
					Call.of("/api/v1/members/" + suspended() + "/reinstate", Map.of());
				case "POST /api/v1/members/{id}/password-reset" ->
					Call.of("/api/v1/members/" + member().id() + "/password-reset", Map.of());
				case "POST /api/v1/accounts" -> Call.of("/api/v1/accounts",
						Map.of("username", Api.newUsername(), "roles", List.of("PARTY_COMMITTEE")));
				case "POST /api/v1/accounts/{username}/password-reset" ->
					Call.of("/api/v1/accounts/" + member().username() + "/password-reset", Map.of());
				case "POST /api/v1/accounts/{username}/unlock" ->
					Call.of("/api/v1/accounts/" + member().username() + "/unlock", Map.of());
				case "PUT /api/v1/accounts/{username}/roles" ->
					Call.of("/api/v1/accounts/" + member().username() + "/roles", Map.of("roles", List.of("MEMBER")));
				case "POST /api/v1/members/{id}/capacity-reports" ->
					Call.of("/api/v1/members/" + own.id() + "/capacity-reports",
							Map.of("category", "HIGH_STRENGTH_CORRUGATING", "annualTonnes",
									ThreadLocalRandom.current().nextInt(100_000, 900_000), "effectiveFrom",
									LocalDate.now().toString(), "reason", "EXPANSION"));
				case "GET /api/v1/members/{id}/capacity-reports" ->
					Call.of("/api/v1/members/" + own.id() + "/capacity-reports");
				case "POST /api/v1/members/{id}/renovation-projects" ->
					Call.of("/api/v1/members/" + own.id() + "/renovation-projects", projectBody());
				case "GET /api/v1/renovation-projects/{id}" -> Call.of("/api/v1/renovation-projects/" + project);
				case "POST /api/v1/renovation-projects/{id}/status" ->
					Call.of("/api/v1/renovation-projects/" + project(own) + "/status", Map.of("status", "APPROVED"));
				case "POST /api/v1/notices" -> Call.of("/api/v1/notices", noticeBody(own.id()));
				case "GET /api/v1/notices/{id}" -> Call.of("/api/v1/notices/" + notice);
				case "POST /api/v1/listings" -> Call.of("/api/v1/listings", listingBody());
				case "GET /api/v1/listings/{id}" -> Call.of("/api/v1/listings/" + listing);
				case "POST /api/v1/listings/{id}/close" ->
					Call.of("/api/v1/listings/" + listing(own) + "/close", Map.of());
				case "GET /api/v1/listings/{id}/matches" -> Call.of("/api/v1/listings/" + listing + "/matches");
				case "POST /api/v1/member-imports" -> Call.of("/api/v1/member-imports", roster());
				case "POST /api/v1/member-imports/{id}/confirm" ->
					Call.of("/api/v1/member-imports/" + importPreview() + "/confirm", Map.of());
				default -> {
					if (rule.path().contains("{")) {
						throw new IllegalStateException("No fixture for " + endpoint);
					}
					yield Call.of(rule.path(), rule.method().name().equals("GET") ? null : Map.of());
				}
			};
		});
	}

	/**
	 * Changing a password spends the caller's tokens, so a throwaway account of its kind
	 * does it.
	 */
	private Call passwordChange(Caller caller) {
		Map<String, String> body = Map.of("currentPassword", PASSWORD, "newPassword", "Paper2027new");
		if (caller.role() == null) {
			return Call.of("/api/v1/auth/password", body);
		}
		if (caller.role() == Role.MEMBER) {
			return Call.of("/api/v1/auth/password", body).as(member().bearer());
		}
		String username = "staff" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
		this.accounts.upsert(username, PASSWORD, List.of(caller.role()), null).toFuture().join();
		return Call.of("/api/v1/auth/password", body).as(bearer(username, PASSWORD));
	}

	/**
	 * Issue 35, item 2: a member's account that an administrator also gave ADMIN is not
	 * the secretariat's to reset; its reset would hand the secretariat a working
	 * administrator's password.
	 */
	@Test
	void theSecretariatCannotResetAMemberAccountThatAlsoHoldsAStaffRole() {
		Member member = member();
		this.client.put()
			.uri("/api/v1/accounts/{username}/roles", member.username())
			.header(HttpHeaders.AUTHORIZATION, bearer("admin", Api.DEMO_PASSWORD))
			.bodyValue(Map.of("roles", List.of("MEMBER", "ADMIN")))
			.exchange()
			.expectStatus()
			.isOk();
		this.client.post()
			.uri("/api/v1/members/{id}/password-reset", member.id())
			.header(HttpHeaders.AUTHORIZATION, bearer("secretariat", Api.DEMO_PASSWORD))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:paperlink:problem:reset-staff-account");
		// the member's own password still signs it in
		assertThat(Api.token(this.client, member.username(), PASSWORD)).isNotBlank();
	}

	record Member(String id, String username, String bearer) {

	}

	private Member member() {
		String username = Api.newUsername();
		String id = Api.register(this.client, Api.newUscc(), username);
		this.client.post()
			.uri("/api/v1/registrations/{id}/approve", id)
			.header(HttpHeaders.AUTHORIZATION, bearer("secretariat", Api.DEMO_PASSWORD))
			.exchange()
			.expectStatus()
			.isOk();
		return new Member(id, username, bearer(username, PASSWORD));
	}

	private String suspended() {
		String id = member().id();
		this.client.post()
			.uri("/api/v1/members/{id}/suspend", id)
			.header(HttpHeaders.AUTHORIZATION, bearer("secretariat", Api.DEMO_PASSWORD))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("reason", "停产整顿"))
			.exchange()
			.expectStatus()
			.isOk();
		return id;
	}

	/** A roster file of one new enterprise, as a multipart upload. */
	private static MultiValueMap<String, HttpEntity<?>> roster() {
		String csv = "企业名称,统一社会信用代码,板块,主要产品,年产能（吨）,联系人,手机,用户名\n" + "权限测试纸业," + Api.newUscc()
				+ ",造纸,牛皮纸,1000,张三,13800138000," + Api.newUsername() + "\n";
		MultipartBodyBuilder body = new MultipartBodyBuilder();
		body.part("file", new ByteArrayResource(csv.getBytes(StandardCharsets.UTF_8))).filename("名册.csv");
		return body.build();
	}

	private String importPreview() {
		Map<?, ?> preview = this.client.post()
			.uri("/api/v1/member-imports")
			.header(HttpHeaders.AUTHORIZATION, bearer("secretariat", Api.DEMO_PASSWORD))
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.bodyValue(roster())
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (String) preview.get("id");
	}

	private String pending() {
		return Api.register(this.client, Api.newUscc(), Api.newUsername());
	}

	private String project(Member owner) {
		return Api.created(this.client, "/api/v1/members/" + owner.id() + "/renovation-projects", owner.bearer(),
				projectBody());
	}

	private String listing(Member owner) {
		return Api.created(this.client, "/api/v1/listings", owner.bearer(), listingBody());
	}

	private String noticeTo(String memberId) {
		return Api.created(this.client, "/api/v1/notices", bearer("secretariat", Api.DEMO_PASSWORD),
				noticeBody(memberId));
	}

	private static Map<String, Object> projectBody() {
		return Map.of("title", "设备升级项目", "category", "HIGH_STRENGTH_CORRUGATING", "addedCapacityTonnes", 10000,
				"investmentYuan", 5_000_000, "keyProjectLevel", "NONE", "plannedStart", LocalDate.now().toString(),
				"plannedCompletion", LocalDate.now().plusMonths(6).toString());
	}

	private static Map<String, Object> listingBody() {
		return Map.of("side", "OFFER", "category", "MAINTENANCE", "quantity", 3, "unit", "SERVICE", "validUntil",
				LocalDate.now().plusMonths(1).toString());
	}

	private static Map<String, Object> noticeBody(String memberId) {
		return Map.of("title", "权限测试通知", "body", "仅发给一家企业。", "audience",
				Map.of("scope", "MEMBERS", "memberIds", List.of(memberId)));
	}

	private String bearer(String username, String password) {
		return "Bearer " + Api.token(this.client, username, password);
	}

}
