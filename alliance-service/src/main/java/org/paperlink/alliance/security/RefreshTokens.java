package org.paperlink.alliance.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import reactor.core.publisher.Mono;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Refresh tokens: random, stored only as their SHA-256, used once (each refresh removes
 * the old and issues a new one), bound to the account's token version.
 */
@Component
class RefreshTokens {

	private final ReactiveMongoTemplate mongo;

	private final SecurityProperties properties;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	RefreshTokens(ReactiveMongoTemplate mongo, SecurityProperties properties, Clock clock) {
		this.mongo = mongo;
		this.properties = properties;
		this.clock = clock;
	}

	@Document("refresh_tokens")
	record RefreshToken(@Id String hash, String username, long tokenVersion, Instant expiresAt) {

	}

	Mono<String> issue(Account account) {
		byte[] secret = new byte[32];
		this.random.nextBytes(secret);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		return this.mongo
			.insert(new RefreshToken(hash(token), account.username(), account.version(),
					this.clock.instant().plus(this.properties.refreshTokenLifetime())))
			.thenReturn(token);
	}

	/**
	 * The token's record, removed so that it cannot be used again; empty when it is
	 * unknown, used or expired.
	 */
	Mono<RefreshToken> redeem(String token) {
		return this.mongo.findAndRemove(Query.query(Criteria.where("_id").is(hash(token))), RefreshToken.class)
			.filter((stored) -> stored.expiresAt().isAfter(this.clock.instant()));
	}

	private static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
