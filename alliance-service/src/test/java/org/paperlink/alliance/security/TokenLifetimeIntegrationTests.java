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
import org.paperlink.alliance.support.ShiftableClock;
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
 * How long a token lives: a refresh token copied and used twice ends every token of its
 * account; a sign-in lasts 90 days at most, or until signed out; a revocation is
 * announced to the other services; a live stream ends with its token.
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

	@Autowired
	private ShiftableClock clock;

	@BeforeAll
	static void record() {
		members = new RecordedTopic(TestInfrastructure.shared().kafkaBootstrapServers(), Topics.MEMBERS);
	}

	@AfterAll
	static void stop() {
		members.close();
	}

	/**
	 * Issue 35, item 5: a copied refresh token coming back revokes the account's token
	 * version, so the access tokens issued from the copy stop at once, on every device.
	 */
	@Test
	void aRefreshTokenPresentedAgainRevokesEveryTokenOfTheAccountAccessTokensToo() {
		Api.SignedInMember member = Api.newActiveMember(this.client);
		String username = username(member);
		Map<?, ?> signIn = tokens(username, PASSWORD);
		Map<?, ?> otherDevice = tokens(username, PASSWORD);
		Map<?, ?> rotated = refresh((String) signIn.get("refresh_token")).expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		// the first token, copied by someone else, is presented a second time, a while
		// after its use
		this.clock.shift(RefreshTokens.REUSE_GRACE.plusSeconds(1));
		try {
			refresh((String) signIn.get("refresh_token")).expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("urn:paperlink:problem:invalid-refresh-token");
		}
		finally {
			this.clock.reset();
		}

		this.client.get()
			.uri("/api/v1/members/{id}", member.id())
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + rotated.get("access_token"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		refresh((String) rotated.get("refresh_token")).expectStatus().isUnauthorized();
		refresh((String) otherDevice.get("refresh_token")).expectStatus().isUnauthorized();
		List<ConsumerRecord<String, String>> revoked = members.await(RecordedTopic.withKey(username), 1,
				Duration.ofSeconds(20));
		assertThat(revoked.get(0).value()).contains("\"reason\":\"REFRESH_TOKEN_REUSED\"");
		assertThat(tokens(username, PASSWORD).get("access_token")).as("the password still signs in").isNotNull();
	}

	/**
	 * Issue 35, item 5: refreshing every few weeks keeps a sign-in going only up to its
	 * session lifetime (90 days), then the password is asked again.
	 */
	@Test
	void refreshingNeverStretchesASignInPastNinetyDays() {
		Api.SignedInMember member = Api.newActiveMember(this.client);
		String refreshToken = (String) tokens(username(member), PASSWORD).get("refresh_token");
		try {
			for (int days : new int[] { 29, 58, 87 }) {
				this.clock.shift(Duration.ofDays(days));
				refreshToken = (String) refresh(refreshToken).expectStatus()
					.isOk()
					.expectBody(Map.class)
					.returnResult()
					.getResponseBody()
					.get("refresh_token");
			}
			this.clock.shift(Duration.ofDays(91));
			refresh(refreshToken).expectStatus().isUnauthorized();
		}
		finally {
			this.clock.reset();
		}
	}

	/**
	 * A refresh token that ran out unused is merely refused: it is no copy, and the
	 * account's other sign-ins go on.
	 */
	@Test
	void aRefreshTokenThatRanOutIsRefusedWithoutEndingOtherSignIns() {
		Api.SignedInMember member = Api.newActiveMember(this.client);
		String username = username(member);
		String stale = (String) tokens(username, PASSWORD).get("refresh_token");
		try {
			this.clock.shift(Duration.ofDays(31));
			refresh(stale).expectStatus().isUnauthorized();
		}
		finally {
			this.clock.reset();
		}
		refresh((String) tokens(username, PASSWORD).get("refresh_token")).expectStatus().isOk();
		this.client.get()
			.uri("/api/v1/members/{id}", member.id())
			.header(HttpHeaders.AUTHORIZATION, member.bearer())
			.exchange()
			.expectStatus()
			.isOk();
	}

	/** Issue 35, item 5: signing out ends the sign-in on the server, not elsewhere. */
	@Test
	void signingOutEndsThatSignInsRefreshTokensOnly() {
		Api.SignedInMember member = Api.newActiveMember(this.client);
		String username = username(member);
		Map<?, ?> signIn = tokens(username, PASSWORD);
		Map<?, ?> otherDevice = tokens(username, PASSWORD);
		String rotated = (String) refresh((String) signIn.get("refresh_token")).expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("refresh_token");

		signOut(rotated).expectStatus().isNoContent();
		refresh(rotated).expectStatus().isUnauthorized();
		signOut(rotated).expectStatus().isNoContent();
		signOut("no-such-token").expectStatus().isNoContent();
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

	private WebTestClient.ResponseSpec signOut(String refreshToken) {
		return this.client.post()
			.uri("/api/v1/auth/logout")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("refresh_token", refreshToken))
			.exchange();
	}

	private WebTestClient.ResponseSpec refresh(String refreshToken) {
		return this.client.post()
			.uri("/api/v1/auth/refresh")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("refresh_token", refreshToken))
			.exchange();
	}

}
