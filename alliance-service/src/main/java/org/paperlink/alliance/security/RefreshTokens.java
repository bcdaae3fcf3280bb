package org.paperlink.alliance.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Refresh tokens: random, stored only as their SHA-256, bound to the account's token
 * version, and used once: each refresh marks the old one used and issues a new one of the
 * same family (the tokens descended from one sign-in). A used token presented again means
 * it was copied, by an attacker or from a stolen device: the whole family is revoked, so
 * that whoever holds its newest token has to sign in again too.
 */
@Component
class RefreshTokens {

	private static final Logger log = LoggerFactory.getLogger(RefreshTokens.class);

	private final ReactiveMongoTemplate mongo;

	private final SecurityProperties properties;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	RefreshTokens(ReactiveMongoTemplate mongo, SecurityProperties properties, Clock clock) {
		this.mongo = mongo;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * @param family the id shared by every token descended from one sign-in
	 * @param usedAt when it was redeemed; kept until it expires, to recognise a reuse
	 */
	@Document("refresh_tokens")
	record RefreshToken(@Id String hash, String username, long tokenVersion, Instant expiresAt, String family,
			Instant usedAt) {

	}

	/** The first token of a new family, at sign-in. */
	Mono<String> issue(Account account) {
		return issue(account, UUID.randomUUID().toString());
	}

	/** The next token of the family that {@code redeemed} belongs to. */
	Mono<String> next(Account account, RefreshToken redeemed) {
		return issue(account, (redeemed.family() != null) ? redeemed.family() : UUID.randomUUID().toString());
	}

	private Mono<String> issue(Account account, String family) {
		byte[] secret = new byte[32];
		this.random.nextBytes(secret);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		return this.mongo
			.insert(new RefreshToken(hash(token), account.username(), account.version(),
					this.clock.instant().plus(this.properties.refreshTokenLifetime()), family, null))
			.thenReturn(token);
	}

	/**
	 * The token's record, marked used so that it cannot be used again; empty when it is
	 * unknown, used or expired. A used one revokes its family.
	 */
	Mono<RefreshToken> redeem(String token) {
		String hash = hash(token);
		Instant now = this.clock.instant();
		return this.mongo
			.findAndModify(Query.query(Criteria.where("_id").is(hash).and("usedAt").is(null)),
					new Update().set("usedAt", now), RefreshToken.class)
			.filter((stored) -> stored.expiresAt().isAfter(now))
			.switchIfEmpty(Mono.defer(() -> this.mongo.findById(hash, RefreshToken.class)
				.filter((used) -> used.usedAt() != null && used.family() != null)
				.flatMap(this::revokeFamily)));
	}

	private Mono<RefreshToken> revokeFamily(RefreshToken reused) {
		log.warn("A used refresh token of {} was presented again: every token of its family is revoked",
				reused.username());
		return this.mongo.remove(Query.query(Criteria.where("family").is(reused.family())), RefreshToken.class)
			.then(Mono.empty());
	}

	/**
	 * Every refresh token of an account, after its password, roles or enterprise changed.
	 */
	Mono<Void> revokeAll(String username) {
		return this.mongo.remove(Query.query(Criteria.where("username").is(username)), RefreshToken.class).then();
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
