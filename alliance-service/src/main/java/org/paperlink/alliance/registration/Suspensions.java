package org.paperlink.alliance.registration;

import java.time.Clock;

import org.paperlink.alliance.domain.Change;
import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.MemberRepository;
import org.paperlink.alliance.outbox.AggregateStore;
import org.paperlink.alliance.security.AccountService;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * The secretariat suspends a member (it can no longer sign in, and every token of its
 * accounts stops working at once) and reinstates it.
 */
@Service
class Suspensions {

	private final MemberRepository members;

	private final AggregateStore store;

	private final AccountService accounts;

	private final Clock clock;

	Suspensions(MemberRepository members, AggregateStore store, AccountService accounts, Clock clock) {
		this.members = members;
		this.store = store;
		this.accounts = accounts;
		this.clock = clock;
	}

	Mono<Member> suspend(String id, String reason, SignedInUser secretary) {
		return this.store
			.decide(member(id),
					(member) -> Mono.just(member.suspend(reason, secretary.username(), this.clock.instant())))
			.map(Change::state)
			.flatMap((member) -> this.accounts.revokeMember(member.id()).thenReturn(member));
	}

	Mono<Member> reinstate(String id, SignedInUser secretary) {
		return this.store
			.decide(member(id), (member) -> Mono.just(member.reinstate(secretary.username(), this.clock.instant())))
			.map(Change::state);
	}

	private Mono<Member> member(String id) {
		return this.members.existing(id);
	}

}
