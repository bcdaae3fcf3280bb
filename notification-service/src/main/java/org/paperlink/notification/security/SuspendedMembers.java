package org.paperlink.notification.security;

import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.paperlink.events.AllianceEvent;
import org.paperlink.events.MemberUpdated;
import org.paperlink.notification.consumer.EventPreparation;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Members the secretariat suspended, learnt from {@code member.updated}: their tokens are
 * refused here too, though still signed and unexpired. (A password change is not an
 * event: this service honours it when the short-lived access token runs out.)
 */
@Component
class SuspendedMembers implements EventPreparation {

	private static final Duration CACHED_FOR = Duration.ofSeconds(5);

	private final ReactiveMongoTemplate mongo;

	private final AsyncCache<String, Boolean> suspended = Caffeine.newBuilder()
		.expireAfterWrite(CACHED_FOR)
		.maximumSize(50_000)
		.buildAsync();

	SuspendedMembers(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	@Document("suspended_members")
	record Suspension(@Id String memberId, Instant since) {

	}

	@Override
	public Mono<Void> prepare(AllianceEvent event) {
		if (!(event instanceof MemberUpdated updated) || updated.status() == null) {
			return Mono.empty();
		}
		Mono<Void> change = "SUSPENDED".equals(updated.status())
				? this.mongo.save(new Suspension(updated.memberId(), updated.updatedAt())).then()
				: this.mongo.remove(new Suspension(updated.memberId(), null)).then();
		return change.doOnSuccess((done) -> this.suspended.synchronous().invalidate(updated.memberId()));
	}

	ReactiveJwtDecoder checking(ReactiveJwtDecoder signatureAndExpiry) {
		return (token) -> signatureAndExpiry.decode(token).flatMap(this::check);
	}

	private Mono<Jwt> check(Jwt jwt) {
		String memberId = jwt.getClaimAsString(SignedInUser.MEMBER_ID_CLAIM);
		if (memberId == null) {
			return Mono.just(jwt);
		}
		return Mono
			.fromFuture(() -> this.suspended.get(memberId,
					(id, executor) -> this.mongo.exists(Query.query(Criteria.where("_id").is(id)), Suspension.class)
						.toFuture()))
			.flatMap((isSuspended) -> isSuspended ? Mono.<Jwt>error(new BadJwtException("The member is suspended"))
					: Mono.just(jwt));
	}

}
