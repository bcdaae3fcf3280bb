package org.paperlink.alliance.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
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
 * it was copied, by an attacker or from a stolen device: the whole family is removed and
 * {@link Reused} raised, on which every token of the account is revoked (its token
 * version), so that the access tokens issued from the copy stop too and whoever holds the
 * newest token has to sign in again. A family ends at the session lifetime after its
 * sign-in, however often it is refreshed.
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
	 * @param familyExpiresAt the end of the session the family belongs to; null for a
	 * token issued before sessions ended, whose session ends with it
	 */
	@Document("refresh_tokens")
	record RefreshToken(@Id String hash, String username, long tokenVersion, Instant expiresAt, String family,
			Instant usedAt, Instant familyExpiresAt) {

		/** The end of its session: a successor expires no later. */
		Instant sessionEnds() {
			return (this.familyExpiresAt != null) ? this.familyExpiresAt : this.expiresAt;
		}

	}

	/**
	 * A used refresh token came back: its family is gone, and the account's tokens go.
	 */
	static final class Reused extends RuntimeException {

		private final String username;

		Reused(String username) {
			super("A used refresh token of " + username + " was presented again", null, false, false);
			this.username = username;
		}

		String username() {
			return this.username;
		}

	}

	/** The first token of a new family, at sign-in. */
	Mono<String> issue(Account account) {
		return issue(account, UUID.randomUUID().toString(),
				this.clock.instant().plus(this.properties.sessionLifetime()));
	}

	/** The next token of the family that {@code redeemed} belongs to. */
	Mono<String> next(Account account, RefreshToken redeemed) {
		return issue(account, (redeemed.family() != null) ? redeemed.family() : UUID.randomUUID().toString(),
				redeemed.sessionEnds());
	}

	private Mono<String> issue(Account account, String family, Instant sessionEnds) {
		byte[] secret = new byte[32];
		this.random.nextBytes(secret);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		Instant idleExpiry = this.clock.instant().plus(this.properties.refreshTokenLifetime());
		Instant expiresAt = idleExpiry.isBefore(sessionEnds) ? idleExpiry : sessionEnds;
		return this.mongo
			.insert(new RefreshToken(hash(token), account.username(), account.version(), expiresAt, family, null,
					sessionEnds))
			.thenReturn(token);
	}

	/**
	 * The token's record, marked used so that it cannot be used again; empty when it is
	 * unknown or expired. One used already removes its family and raises {@link Reused}.
	 */
	Mono<RefreshToken> redeem(String token) {
		String hash = hash(token);
		Instant now = this.clock.instant();
		return this.mongo
			.findAndModify(Query.query(Criteria.where("_id").is(hash).and("usedAt").is(null).and("expiresAt").gt(now)),
					new Update().set("usedAt", now), RefreshToken.class)
			.switchIfEmpty(Mono.defer(() -> this.mongo.findById(hash, RefreshToken.class)
				.filter((stored) -> isReuse(stored, now))
				.flatMap(this::revokeFamily)));
	}

	/**
	 * A token used before, and not a moment ago: presented again, it was copied. Within
	 * {@link #REUSE_GRACE} of its use it is the same client trying again (an answer lost
	 * on the way), refused but not taken for theft; an expired one is merely refused.
	 */
	private static boolean isReuse(RefreshToken stored, Instant now) {
		return stored.usedAt() != null && stored.usedAt().isBefore(now.minus(REUSE_GRACE))
				&& stored.expiresAt().isAfter(now);
	}

	/** How soon after its use a refresh token presented again is a retry, not a copy. */
	static final Duration REUSE_GRACE = Duration.ofSeconds(10);

	private Mono<RefreshToken> revokeFamily(RefreshToken reused) {
		log.warn("A used refresh token of {} was presented again: its family and every token of the account are "
				+ "revoked", reused.username());
		return removeFamily(reused).then(Mono.error(new Reused(reused.username())));
	}

	private Mono<Void> removeFamily(RefreshToken member) {
		Query family = (member.family() != null) ? Query.query(Criteria.where("family").is(member.family()))
				: Query.query(Criteria.where("_id").is(member.hash()));
		return this.mongo.remove(family, RefreshToken.class).then();
	}

	/**
	 * Signing out: the token's family is removed, so that neither it nor any token
	 * descended from the same sign-in refreshes again. Nothing to do for a token not
	 * known (signed out already, expired or never issued).
	 */
	Mono<Void> signOut(String token) {
		Instant now = this.clock.instant();
		// a used one is a copy, signing out the thief's own sign-in: the alarm as on
		// refresh
		return this.mongo.findById(hash(token), RefreshToken.class)
			.flatMap((stored) -> isReuse(stored, now) ? revokeFamily(stored).then() : removeFamily(stored));
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
