package org.paperlink.platform;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A token verified once is remembered until it expires, but never past what the checks
 * would say: a revoked token is refused on its next request, a forged one never passes.
 */
class BearerTokensTests {

	private static final KeyPair KEYS = keys();

	private final AtomicBoolean revoked = new AtomicBoolean();

	private final AtomicInteger revocationChecks = new AtomicInteger();

	private final ReactiveJwtDecoder decoder = new BearerTokens(
			new BearerTokenProperties("paperlink", "paperlink", Duration.ofSeconds(2)), (jwt) -> {
				this.revocationChecks.incrementAndGet();
				return Mono.just(this.revoked.get());
			})
		.decoder(NimbusReactiveJwtDecoder.withPublicKey((RSAPublicKey) KEYS.getPublic()).build());

	@Test
	void aRememberedTokenIsStillRefusedOnceRevoked() throws Exception {
		String token = sign(KEYS, Instant.now().plusSeconds(900), "paperlink");
		Jwt first = this.decoder.decode(token).block();
		assertThat(first.getSubject()).isEqualTo("dongsen");
		assertThat(this.decoder.decode(token).block().getSubject()).isEqualTo("dongsen");

		this.revoked.set(true);
		assertThatThrownBy(() -> this.decoder.decode(token).block()).isInstanceOf(BadJwtException.class);
		assertThat(this.revocationChecks).as("asked on every request").hasValue(3);
	}

	@Test
	void aTokenSignedByAnotherKeyOrForAnotherAudienceIsRefusedEveryTime() throws Exception {
		String forged = sign(keys(), Instant.now().plusSeconds(900), "paperlink");
		String elsewhere = sign(KEYS, Instant.now().plusSeconds(900), "another-service");
		for (int i = 0; i < 2; i++) {
			assertThatThrownBy(() -> this.decoder.decode(forged).block()).isInstanceOf(JwtException.class);
			assertThatThrownBy(() -> this.decoder.decode(elsewhere).block()).isInstanceOf(JwtException.class);
		}
	}

	@Test
	void aTokenPastItsExpiryAndTheClockSkewIsRefused() throws Exception {
		String expired = sign(KEYS, Instant.now().minusSeconds(120), "paperlink");
		assertThatThrownBy(() -> this.decoder.decode(expired).block()).isInstanceOf(JwtException.class);
	}

	private static String sign(KeyPair keys, Instant expiresAt, String audience) throws Exception {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("dongsen")
			.issuer("paperlink")
			.audience(List.of(audience))
			.issueTime(Date.from(expiresAt.minusSeconds(900)))
			.expirationTime(Date.from(expiresAt))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
		jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
		return jwt.serialize();
	}

	private static KeyPair keys() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
