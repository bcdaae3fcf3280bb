package org.paperlink.alliance.security;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.paperlink.alliance.member.MemberRepository;
import org.paperlink.alliance.member.MemberStatus;
import org.paperlink.platform.RevokedTokens;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * A signed, unexpired token is still refused when its account has moved on: the account's
 * token version was bumped (password or role change, suspension), the account is gone, or
 * its enterprise is no longer active. The state is cached for a few seconds; a change
 * made on this replica clears the cache at once.
 */
@Component
class TokenRevocations implements RevokedTokens {

	private final ReactiveMongoTemplate mongo;

	private final MemberRepository members;

	private final AsyncCache<String, State> states;

	TokenRevocations(ReactiveMongoTemplate mongo, MemberRepository members, SecurityProperties properties) {
		this.mongo = mongo;
		this.members = members;
		this.states = Caffeine.newBuilder()
			.expireAfterWrite(properties.revocationCheckCache())
			.maximumSize(50_000)
			.buildAsync();
	}

	record State(long tokenVersion, boolean active) {

	}

	@Override
	public Mono<Boolean> revoked(Jwt jwt) {
		long version = SignedInUser.tokenVersion(jwt);
		return Mono
			.fromFuture(() -> this.states.get(jwt.getSubject(), (username, executor) -> load(username).toFuture()))
			.map((state) -> !state.active() || state.tokenVersion() != version);
	}

	private Mono<State> load(String username) {
		return this.mongo.findById(username, Account.class)
			.flatMap((account) -> (account.memberId() == null) ? Mono.just(new State(account.version(), true))
					: this.members.findById(account.memberId())
						.map((member) -> new State(account.version(), member.status() == MemberStatus.ACTIVE))
						.defaultIfEmpty(new State(account.version(), false)))
			.defaultIfEmpty(new State(-1, false));
	}

	/** Forgets every cached state, after a change that revokes tokens. */
	void forget() {
		this.states.synchronous().invalidateAll();
	}

}
