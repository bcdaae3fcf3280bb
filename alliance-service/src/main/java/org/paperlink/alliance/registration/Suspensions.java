package org.paperlink.alliance.registration;

import java.time.Clock;
import java.util.List;

import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.MemberRepository;
import org.paperlink.alliance.member.MemberStatus;
import org.paperlink.alliance.outbox.AggregateStore;
import org.paperlink.alliance.security.AccountService;
import org.paperlink.events.MemberUpdated;
import org.paperlink.platform.DomainProblem;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;
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
		return move(id, MemberStatus.ACTIVE, MemberStatus.SUSPENDED, "member-not-suspendable", reason, secretary)
			.flatMap((member) -> this.accounts.revokeMember(member.id()).thenReturn(member));
	}

	Mono<Member> reinstate(String id, SignedInUser secretary) {
		return move(id, MemberStatus.SUSPENDED, MemberStatus.ACTIVE, "member-not-suspended", null, secretary);
	}

	private Mono<Member> move(String id, MemberStatus from, MemberStatus to, String refusal, String reason,
			SignedInUser secretary) {
		return this.members.findById(id)
			.switchIfEmpty(Mono.error(() -> DomainProblem.notFound("member-not-found", id)))
			.flatMap((member) -> {
				if (member.status() != from) {
					return Mono.error(DomainProblem.conflict(refusal, member.status()));
				}
				MemberUpdated event = new MemberUpdated(id, member.enterpriseName(), member.pillar(), to.name(),
						List.of("status"), reason, secretary.username(), this.clock.instant());
				Update update = new Update().set("status", to);
				return this.store.update(member, Criteria.where("status").is(from), update, List.of(event));
			});
	}

}
