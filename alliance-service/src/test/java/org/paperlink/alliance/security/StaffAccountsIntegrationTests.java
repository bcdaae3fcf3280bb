package org.paperlink.alliance.security;

import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.paperlink.alliance.audit.AuditTrail;
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
 * A production install can be administered (issue 15): the first administrator comes from
 * a one-time secret, audited, and creates the other staff accounts, each with an initial
 * password shown once.
 */
@AllianceIntegrationTest
class StaffAccountsIntegrationTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private AccountService accounts;

	@Autowired
	private AuditTrail audit;

	@Autowired
	private ReactiveMongoTemplate mongo;

	@Test
	void anAdministratorCreatesAStaffAccountWhoseInitialPasswordSignsIn() {
		String username = Api.newUsername();
		String created = create(Api.token(this.client, "admin"),
				Map.of("username", username, "roles", List.of("SECRETARIAT")))
			.expectStatus()
			.isCreated()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		String initialPassword = JsonPath.read(created, "$.initialPassword");

		Map<?, ?> signedIn = Api.signIn(this.client, username, initialPassword);
		assertThat(String.valueOf(signedIn.get("access_token"))).isNotBlank();
		assertThat(auditActions(username)).containsExactly("account.created");

		create(Api.token(this.client, "admin"), Map.of("username", username, "roles", List.of("PARTY_COMMITTEE")))
			.expectStatus()
			.isEqualTo(409);
		create(Api.token(this.client, "admin"), Map.of("username", Api.newUsername(), "roles", List.of("MEMBER")))
			.expectStatus()
			.isEqualTo(422)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		create(Api.token(this.client, "secretariat"),
				Map.of("username", Api.newUsername(), "roles", List.of("SECRETARIAT")))
			.expectStatus()
			.isForbidden();
	}

	@Test
	void theFirstAdministratorIsCreatedFromTheSecretOnlyWhileThereIsNone() {
		String first = "first_" + Api.newUsername().substring(0, 8);
		AdminBootstrap bootstrap = new AdminBootstrap(this.accounts, this.audit, first, "Bootstrap-2026-secret");
		assertThat(bootstrap.bootstrap().block()).as("the demo has an administrator").isFalse();

		// a production install: no administrator yet
		List<String> admins = this.mongo
			.find(Query.query(Criteria.where("roles").is("ADMIN")), org.bson.Document.class, "accounts")
			.map((account) -> account.getString("_id"))
			.collectList()
			.block();
		this.mongo
			.updateMulti(Query.query(Criteria.where("_id").in(admins)), new Update().pull("roles", "ADMIN"), "accounts")
			.block();
		try {
			assertThat(bootstrap.bootstrap().block()).isTrue();
			assertThat(bootstrap.bootstrap().block()).as("once only").isFalse();
			// the secret's password is an initial one: good for choosing the
			// administrator's own, nothing else
			create("Bearer " + Api.token(this.client, first, "Bootstrap-2026-secret"),
					Map.of("username", Api.newUsername(), "roles", List.of("SECRETARIAT")))
				.expectStatus()
				.isForbidden();
			String token = Api.changeInitialPassword(this.client, first, "Bootstrap-2026-secret", "Chosen-2026-own");
			create("Bearer " + token, Map.of("username", Api.newUsername(), "roles", List.of("SECRETARIAT")))
				.expectStatus()
				.isCreated();
			assertThat(auditActions(first)).containsExactly("admin-bootstrapped", "account.password-changed");
		}
		finally {
			this.mongo
				.updateMulti(Query.query(Criteria.where("_id").in(admins)), new Update().addToSet("roles", "ADMIN"),
						"accounts")
				.block();
			this.mongo.remove(Query.query(Criteria.where("_id").is(first)), "accounts").block();
		}
	}

	/**
	 * Issue 14, item 9: an enterprise that lost its password gets a new initial one from
	 * the secretariat, shown once; what it held before stops working, and it is audited.
	 */
	@Test
	void theSecretariatResetsAMembersPasswordRevokingItsTokens() {
		Api.SignedInMember member = Api.newActiveMember(this.client);
		String answer = this.client.post()
			.uri("/api/v1/members/{id}/password-reset", member.id())
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "secretariat"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		String username = JsonPath.read(answer, "$.username");
		String initialPassword = JsonPath.read(answer, "$.initialPassword");

		this.client.get()
			.uri("/api/v1/members/{id}", member.id())
			.header(HttpHeaders.AUTHORIZATION, member.bearer())
			.exchange()
			.expectStatus()
			.isUnauthorized();
		this.client.post()
			.uri("/api/v1/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", "Paper2026ok"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		assertThat(Api.token(this.client, username, initialPassword)).isNotBlank();
		assertThat(auditActions(username)).contains("account.password-reset");
		this.client.post()
			.uri("/api/v1/members/{id}/password-reset", "000000000000000000000000")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.token(this.client, "secretariat"))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	private WebTestClient.ResponseSpec create(String bearer, Map<String, Object> body) {
		return this.client.post()
			.uri("/api/v1/accounts")
			.header(HttpHeaders.AUTHORIZATION, bearer.startsWith("Bearer ") ? bearer : "Bearer " + bearer)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private List<String> auditActions(String username) {
		return this.mongo.find(Query.query(Criteria.where("targetId").is(username)), org.bson.Document.class, "audit")
			.map((record) -> record.getString("action"))
			.collectList()
			.block();
	}

}
