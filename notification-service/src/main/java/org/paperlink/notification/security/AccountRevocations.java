package org.paperlink.notification.security;

import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.paperlink.events.AccountTokensRevoked;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * Accounts whose tokens alliance-service revoked (a password or role change, a reset, a
 * suspension), learnt from {@code account.tokens-revoked}: a token whose {@code ver} is
 * below the account's newest revocation is refused here at once, not when it runs out.
 * Only the highest version is kept, so an event re-sent or replayed late changes nothing.
 * Kept in the store, so that every replica sees what one of them consumed; each caches it
 * briefly, and the replica that consumed it forgets its copy at once.
 */
@Component
public class AccountRevocations {

	private static final Duration CACHED_FOR = Duration.ofSeconds(2);

	private final ReactiveMongoTemplate mongo;

	private final AsyncCache<String, Long> validFrom = Caffeine.newBuilder()
		.expireAfterWrite(CACHED_FOR)
		.maximumSize(50_000)
		.buildAsync();

	AccountRevocations(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	/** Tokens of {@code username} below {@code tokenVersion} are void. */
	@Document("account_revocations")
	record Revocation(@Id String username, long tokenVersion, Instant revokedAt) {

	}

	/** Records from which token version an account's tokens are valid. */
	public Mono<Void> record(AccountTokensRevoked revoked) {
		// $max: a late or repeated event never lowers what a newer one raised
		return this.mongo
			.findAndModify(Query.query(Criteria.where("_id").is(revoked.username())),
					new Update().max("tokenVersion", revoked.tokenVersion()).set("revokedAt", revoked.revokedAt()),
					FindAndModifyOptions.options().upsert(true).returnNew(true), Revocation.class)
			.doOnSuccess((done) -> this.validFrom.synchronous().invalidate(revoked.username()))
			.then();
	}

	Mono<Boolean> revoked(Jwt jwt) {
		long version = SignedInUser.tokenVersion(jwt);
		return Mono.fromFuture(() -> this.validFrom.get(jwt.getSubject(),
				(username, executor) -> this.mongo.findById(username, Revocation.class)
					.map(Revocation::tokenVersion)
					.defaultIfEmpty(0L)
					.toFuture()))
			.map((from) -> version < from);
	}

}
