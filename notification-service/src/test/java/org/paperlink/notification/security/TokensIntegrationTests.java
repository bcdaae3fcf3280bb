package org.paperlink.notification.security;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperlink.platform.SignedInUser;
import org.paperlink.events.AccountTokensRevoked;
import org.paperlink.events.MemberUpdated;
import org.paperlink.notification.support.NotificationIntegrationTest;
import org.paperlink.testsupport.EventPublisher;
import org.paperlink.testsupport.TestInfrastructure;
import org.paperlink.testsupport.TestTokenIssuer;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which tokens this service takes: alliance-service's issuer and audience only, and none
 * that alliance-service has since revoked; and a live inbox lives no longer than the
 * token it was opened with.
 */
@NotificationIntegrationTest
class TokensIntegrationTests {

	private static EventPublisher events;

	@Autowired
	private WebTestClient client;

	@BeforeAll
	static void connect() {
		events = new EventPublisher(TestInfrastructure.shared().kafkaBootstrapServers());
	}

	@AfterAll
	static void disconnect() {
		events.close();
	}

	@Test
	void aTokenOfAnotherIssuerOrForAnotherAudienceIsRefused() {
		String member = "issuer-" + UUID.randomUUID();
		inbox(token(member, 0, (claims) -> {
		})).expectStatus().isOk();
		inbox(token(member, 0, (claims) -> claims.issuer("https://elsewhere.example"))).expectStatus().isUnauthorized();
		inbox(token(member, 0, (claims) -> claims.audience("another-service"))).expectStatus().isUnauthorized();
		inbox(token(member, 0, (claims) -> claims.audience((String) null))).expectStatus().isUnauthorized();
	}

	/**
	 * Issue 35, item 3: a token of an account that must still change its initial password
	 * reads no inbox, live or not, until the password is changed.
	 */
	@Test
	void aTokenOfAnInitialPasswordReadsNoInbox() {
		String member = "initial-" + UUID.randomUUID();
		String restricted = token(member, 0, (claims) -> claims.claim(SignedInUser.PASSWORD_CHANGE_CLAIM, true));
		inbox(restricted).expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:paperlink:problem:password-change-required");
		this.client.get()
			.uri("/api/v1/inbox/stream")
			.header(HttpHeaders.AUTHORIZATION, restricted)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isForbidden();
		inbox(token(member, 0, (claims) -> {
		})).expectStatus().isOk();
	}

	@Test
	void aPasswordChangeRefusesEveryOlderTokenAtOnceAndALateAnnouncementChangesNothing() {
		String member = "revoked-" + UUID.randomUUID();
		String before = token(member, 0, (claims) -> {
		});
		inbox(before).expectStatus().isOk();
		events.publish(revocation(member, 1), UUID.randomUUID().toString(), 0L);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> inbox(before).expectStatus().isUnauthorized());
		String afterFirst = token(member, 1, (claims) -> {
		});
		inbox(afterFirst).expectStatus().isOk();

		events.publish(revocation(member, 2), UUID.randomUUID().toString(), 0L);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> inbox(afterFirst).expectStatus().isUnauthorized());
		String afterSecond = token(member, 2, (claims) -> {
		});
		// the first announcement, sent again late, does not bring the older tokens back
		events.publish(revocation(member, 1), UUID.randomUUID().toString(), 0L);
		events.publish(revocation(member + "-marker", 1), UUID.randomUUID().toString(), 0L);
		String marker = token(member + "-marker", 0, (claims) -> {
		});
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> inbox(marker).expectStatus().isUnauthorized());
		inbox(afterFirst).expectStatus().isUnauthorized();
		inbox(afterSecond).expectStatus().isOk();
	}

	@Test
	void theLiveInboxEndsWhenItsTokenIsRevoked() {
		String member = "stream-revoked-" + UUID.randomUUID();
		String token = token(member, 0, (claims) -> {
		});
		StepVerifier.create(stream(token))
			.expectSubscription()
			.then(() -> events.publish(revocation(member, 1), UUID.randomUUID().toString(), 0L))
			.thenConsumeWhile((line) -> true)
			.expectComplete()
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void theLiveInboxEndsWhenTheMemberIsSuspended() {
		String member = "stream-suspended-" + UUID.randomUUID();
		String token = token(member, 0, (claims) -> {
		});
		StepVerifier.create(stream(token))
			.expectSubscription()
			.then(() -> events.publish(new MemberUpdated(member, "暂停测试纸业", "PAPERMAKING", "SUSPENDED",
					List.of("status"), null, "secretariat", Instant.now(), null), UUID.randomUUID().toString(), 3L))
			.thenConsumeWhile((line) -> true)
			.expectComplete()
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void theLiveInboxEndsWhenItsTokenExpires() {
		String member = "stream-expiring-" + UUID.randomUUID();
		// a JWT's exp is in whole seconds: the stream ends at that second, not before
		Instant expiresAt = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
		String token = token(member, 0, (claims) -> claims.expirationTime(Date.from(expiresAt)));
		StepVerifier.create(stream(token))
			.thenConsumeWhile((line) -> true)
			.expectComplete()
			.verify(Duration.ofSeconds(15));
		assertThat(Instant.now()).isAfterOrEqualTo(expiresAt.minusMillis(50));
	}

	private static AccountTokensRevoked revocation(String member, long tokenVersion) {
		return new AccountTokensRevoked(username(member), member, tokenVersion, "PASSWORD_CHANGED", Instant.now());
	}

	private static String username(String member) {
		return "user-" + member;
	}

	private static String token(String member, long version, Consumer<JWTClaimsSet.Builder> adjust) {
		return "Bearer " + TestTokenIssuer.shared()
			.token(username(member), List.of("MEMBER"), member,
					(claims) -> adjust.accept(claims.claim(SignedInUser.VERSION_CLAIM, version)));
	}

	private Flux<String> stream(String token) {
		return this.client.get()
			.uri("/api/v1/inbox/stream")
			.header(HttpHeaders.AUTHORIZATION, token)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec inbox(String token) {
		return this.client.get().uri("/api/v1/inbox").header(HttpHeaders.AUTHORIZATION, token).exchange();
	}

}
