package org.paperlink.alliance.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.alliance.support.Api;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 35, item 3: a password somebody else chose (the staff-account API, the roster
 * import, a reset, the first-admin bootstrap) is only good for choosing one's own, and
 * only for a week.
 */
@AllianceIntegrationTest
class InitialPasswordIntegrationTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private ReactiveMongoTemplate mongo;

	@Autowired
	private AccountService accounts;

	@Autowired
	private org.paperlink.alliance.audit.AuditTrail audit;

	@Test
	void anInitialPasswordsTokenMayOnlyChangeThePasswordThenTheNewOneWorksFully() {
		NewAccount secretary = newSecretary();
		Map<?, ?> signedIn = Api.signIn(this.client, secretary.username(), secretary.initialPassword());
		assertThat(signedIn.get("password_change_required")).isEqualTo(true);
		String restricted = "Bearer " + signedIn.get("access_token");

		this.client.get()
			.uri("/api/v1/members")
			.header(HttpHeaders.AUTHORIZATION, restricted)
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:paperlink:problem:password-change-required")
			.jsonPath("$.title")
			.isEqualTo("请先修改初始密码");
		this.client.get()
			.uri("/api/v1/registrations")
			.header(HttpHeaders.AUTHORIZATION, restricted)
			.exchange()
			.expectStatus()
			.isForbidden();

		String full = Api.changeInitialPassword(this.client, secretary.username(), secretary.initialPassword(),
				"Mill2026chosen");
		assertThat(Api.signIn(this.client, secretary.username(), "Mill2026chosen").get("password_change_required"))
			.isEqualTo(false);
		this.client.get()
			.uri("/api/v1/members")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + full)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void anInitialPasswordNotChangedWithinItsWeekNoLongerSignsInNorRefreshes() {
		NewAccount secretary = newSecretary();
		Map<?, ?> signedIn = Api.signIn(this.client, secretary.username(), secretary.initialPassword());
		this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(secretary.username())),
					new Update().set("passwordMustChangeBy", Instant.now().minus(Duration.ofMinutes(1))), "accounts")
			.block();

		this.client.post()
			.uri("/api/v1/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", secretary.username(), "password", secretary.initialPassword()))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:paperlink:problem:initial-password-expired")
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("7 天"));
		this.client.post()
			.uri("/api/v1/auth/refresh")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("refresh_token", signedIn.get("refresh_token")))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void aResetPasswordMustBeChangedToo() {
		Api.SignedInMember member = Api.newActiveMember(this.client);
		String answer = newInitialPassword("secretariat", "/api/v1/members/{id}/password-reset", member.id());
		Map<?, ?> signedIn = Api.signIn(this.client, JsonPath.read(answer, "$.username"),
				JsonPath.read(answer, "$.initialPassword"));
		assertThat(signedIn.get("password_change_required")).isEqualTo(true);
		this.client.get()
			.uri("/api/v1/members/{id}", member.id())
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + signedIn.get("access_token"))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	/**
	 * A staff account whose initial password ran out is not stuck: an administrator gives
	 * it a new one, and the first administrator's is the Secret's again at the next
	 * start. An initial password's token reaches no administrator-only path either.
	 */
	@Test
	void anExpiredStaffInitialPasswordIsGivenAgainByAnAdministratorOrTheBootstrapSecret() {
		NewAccount secretary = newSecretary();
		expire(secretary.username());
		String answer = newInitialPassword("admin", "/api/v1/accounts/{username}/password-reset", secretary.username());
		assertThat(Api.signIn(this.client, secretary.username(), JsonPath.read(answer, "$.initialPassword"))
			.get("password_change_required")).isEqualTo(true);

		NewAccount firstAdmin = newAccount(List.of("ADMIN"));
		this.client.get()
			.uri("/actuator/metrics")
			.header(HttpHeaders.AUTHORIZATION,
					"Bearer " + Api.token(this.client, firstAdmin.username(), firstAdmin.initialPassword()))
			.exchange()
			.expectStatus()
			.isForbidden();
		expire(firstAdmin.username());
		assertThat(
				new AdminBootstrap(this.accounts, this.audit, firstAdmin.username(), "Renewed-2026-secret").bootstrap()
					.block())
			.isTrue();
		assertThat(
				Api.signIn(this.client, firstAdmin.username(), "Renewed-2026-secret").get("password_change_required"))
			.isEqualTo(true);
	}

	/** A reset by that demo user: the answer, with the new initial password. */
	private String newInitialPassword(String resetBy, String uri, String id) {
		return this.client.post()
			.uri(uri, id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, resetBy))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	private void expire(String username) {
		this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(username)),
					new Update().set("passwordMustChangeBy", Instant.now().minus(Duration.ofMinutes(1))), "accounts")
			.block();
	}

	private NewAccount newSecretary() {
		return newAccount(List.of("SECRETARIAT"));
	}

	private NewAccount newAccount(List<String> roles) {
		String username = Api.newUsername();
		String created = this.client.post()
			.uri("/api/v1/accounts")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "admin"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "roles", roles))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return new NewAccount(username, JsonPath.read(created, "$.initialPassword"));
	}

	private record NewAccount(String username, String initialPassword) {

	}

}
