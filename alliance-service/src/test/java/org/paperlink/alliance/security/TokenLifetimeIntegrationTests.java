package org.paperlink.alliance.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperlink.platform.SignedInUser;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.alliance.support.Api;
import org.paperlink.events.Topics;
import org.paperlink.testsupport.RecordedTopic;
import org.paperlink.testsupport.TestInfrastructure;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long a token lives: a refresh token copied and used twice ends its whole family; a
 * revocation is announced to the other services; a live stream ends with its token.
 */
@AllianceIntegrationTest
class TokenLifetimeIntegrationTests {

	private static final String PASSWORD = "Paper2026ok";

	private static RecordedTopic members;

	@Autowired
	private WebTestClient client;

	@Autowired
	private JwtEncoder encoder;

	@Autowired
	private SigningKey signingKey;

	@BeforeAll
	static void record() {
		members = new RecordedTopic(TestInfrastructure.shared().kafkaBootstrapServers(), Topics.MEMBERS);
	}

	@AfterAll
	static void stop() {
		members.close();
	}

	@Test
	void aRefreshTokenPresentedAgainRevokesEveryTokenOfItsSignInButNoOther() {
		Map<?, ?> signIn = tokens("secretariat", Api.DEMO_PASSWORD);
		Map<?, ?> otherDevice = tokens("secretariat", Api.DEMO_PASSWORD);
		Map<?, ?> rotated = refresh((String) signIn.get("refresh_token")).expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		// the first token, copied by someone else, is presented a second time
		refresh((String) signIn.get("refresh_token")).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:paperlink:problem:invalid-refresh-token");
		// whoever holds the newest token of that sign-in must sign in again too
		refresh((String) rotated.get("refresh_token")).expectStatus().isUnauthorized();
		refresh((String) otherDevice.get("refresh_token")).expectStatus().isOk();
	}

	@Test
	void aPasswordChangeIsAnnouncedWithTheVersionFromWhichTokensAreValid() {
		Api.SignedInMember member = Api.newActiveMember(this.client);
		String username = username(member);
		changePassword(member.bearer(), PASSWORD, "Paper2027new");
		changePassword("Bearer " + tokens(username, "Paper2027new").get("access_token"), "Paper2027new",
				"Paper2028new");
		List<ConsumerRecord<String, String>> revocations = members.await(RecordedTopic.withKey(username), 2,
				Duration.ofSeconds(20));
		assertThat(revocations).extracting((record) -> RecordedTopic.header(record, "ce_type"))
			.containsOnly("org.paperlink.account.tokens-revoked.v1");
		assertThat(revocations.get(0).value()).contains("\"tokenVersion\":1", "\"reason\":\"PASSWORD_CHANGED\"",
				"\"memberId\":\"" + member.id() + "\"");
		assertThat(revocations.get(1).value()).contains("\"tokenVersion\":2");
	}

	@Test
	void theLiveFeedEndsWhenItsTokenIsRevoked() {
		Api.SignedInMember member = Api.newActiveMember(this.client);
		Flux<String> feed = feed(member.bearer());
		StepVerifier.create(feed)
			.expectSubscription()
			.then(() -> changePassword(member.bearer(), PASSWORD, "Paper2027new"))
			.thenConsumeWhile((line) -> true)
			.expectComplete()
			.verify(Duration.ofSeconds(15));
	}

	@Test
	void theLiveFeedEndsWhenItsTokenExpires() {
		Api.SignedInMember member = Api.newActiveMember(this.client);
		String shortLived = "Bearer " + token(username(member), member.id(), Instant.now().plusSeconds(3));
		Instant opened = Instant.now();
		StepVerifier.create(feed(shortLived))
			.thenConsumeWhile((line) -> true)
			.expectComplete()
			.verify(Duration.ofSeconds(15));
		assertThat(Duration.between(opened, Instant.now())).isGreaterThan(Duration.ofSeconds(2));
	}

	@Test
	void aLiveFeedOpenedWithATokenThirtySecondsPastItsExpiryIsRefused() {
		// within the decoder's minute of clock skew, so the request itself is let through
		Api.SignedInMember member = Api.newActiveMember(this.client);
		String expired = "Bearer " + token(username(member), member.id(), Instant.now().minusSeconds(30));
		this.client.get()
			.uri("/api/v1/feed")
			.header(HttpHeaders.AUTHORIZATION, expired)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:paperlink:problem:token-expired")
			.jsonPath("$.title")
			.isEqualTo("登录已过期");
	}

	private Flux<String> feed(String bearer) {
		return this.client.get()
			.uri("/api/v1/feed")
			.header(HttpHeaders.AUTHORIZATION, bearer)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseBody();
	}

	/** A token as the issuer makes it, but expiring at {@code expiresAt}. */
	private String token(String username, String memberId, Instant expiresAt) {
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer("paperlink")
			.audience(List.of("paperlink"))
			.subject(username)
			// issued as long before its expiry as the issuer's tokens live
			.issuedAt(expiresAt.minus(Duration.ofMinutes(15)))
			.expiresAt(expiresAt)
			.id(UUID.randomUUID().toString())
			.claim("roles", List.of("MEMBER"))
			.claim("member_id", memberId)
			.claim(SignedInUser.VERSION_CLAIM, 0)
			.build();
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(this.signingKey.rsaKey().getKeyID()).build();
		return this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}

	private void changePassword(String bearer, String current, String next) {
		this.client.post()
			.uri("/api/v1/auth/password")
			.header(HttpHeaders.AUTHORIZATION, bearer)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("currentPassword", current, "newPassword", next))
			.exchange()
			.expectStatus()
			.isNoContent();
	}

	private String username(Api.SignedInMember member) {
		return (String) this.client.get()
			.uri("/api/v1/members/" + member.id())
			.header(HttpHeaders.AUTHORIZATION, member.bearer())
			.exchange()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("username");
	}

	private Map<?, ?> tokens(String username, String password) {
		return Api.signIn(this.client, username, password);
	}

	private WebTestClient.ResponseSpec refresh(String refreshToken) {
		return this.client.post()
			.uri("/api/v1/auth/refresh")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("refresh_token", refreshToken))
			.exchange();
	}

}
