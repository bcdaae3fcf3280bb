package org.paperlink.notification.security;

import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.paperlink.events.MemberUpdated;
import org.paperlink.notification.pipeline.ReceivedEvent;
import org.paperlink.notification.state.LatestVersion;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * Members the secretariat suspended, learnt from {@code member.updated}: their tokens are
 * refused here too, though still signed and unexpired (password and role changes:
 * {@link AccountRevocations}).
 * <p>
 * Each member's last known status is kept with the aggregate version that set it, and an
 * event of an older version changes nothing: a suspension re-sent or replayed after the
 * reinstatement must not suspend the member again.
 */
@Component
public class SuspendedMembers {

	private static final Duration CACHED_FOR = Duration.ofSeconds(2);

	private final ReactiveMongoTemplate mongo;

	private final AsyncCache<String, Boolean> suspended = Caffeine.newBuilder()
		.expireAfterWrite(CACHED_FOR)
		.maximumSize(50_000)
		.buildAsync();

	SuspendedMembers(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * A member's status as this service last learned it.
	 *
	 * @param suspended null in records written before the status was kept for active
	 * members too: those were suspensions
	 * @param version the member's aggregate version that set it; null when unknown
	 */
	@Document("suspended_members")
	record MemberStatus(@Id String memberId, Boolean suspended, Instant since, Long version) {

	}

	/**
	 * Keeps a member's suspension as its latest event says; other profile changes pass.
	 */
	public Mono<Void> record(MemberUpdated updated, ReceivedEvent event) {
		if (updated.status() == null) {
			return Mono.empty();
		}
		return LatestVersion
			.write(this.mongo, MemberStatus.class, updated.memberId(), event.envelope().aggregateVersion(),
					new Update().set("suspended", "SUSPENDED".equals(updated.status()))
						.set("since", updated.updatedAt()))
			.doOnSuccess((done) -> this.suspended.synchronous().invalidate(updated.memberId()));
	}

	/** Whether the token's enterprise is suspended. */
	Mono<Boolean> suspended(Jwt jwt) {
		String memberId = jwt.getClaimAsString(SignedInUser.MEMBER_ID_CLAIM);
		if (memberId == null) {
			return Mono.just(false);
		}
		return Mono.fromFuture(() -> this.suspended.get(memberId,
				(id, executor) -> this.mongo
					.exists(Query.query(Criteria.where("_id").is(id).and("suspended").ne(false)), MemberStatus.class)
					.toFuture()));
	}

}
