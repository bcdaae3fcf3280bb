package org.paperlink.alliance.member;

import java.time.Clock;

import org.paperlink.alliance.domain.Change;
import org.paperlink.alliance.outbox.AggregateStore;
import org.paperlink.platform.Refusal;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/** A member keeps its own profile up to date. */
@Service
class MemberProfiles {

	private final MemberRepository members;

	private final AggregateStore store;

	private final Clock clock;

	MemberProfiles(MemberRepository members, AggregateStore store, Clock clock) {
		this.members = members;
		this.store = store;
		this.clock = clock;
	}

	Mono<Member> change(String id, ProfileChange change, SignedInUser caller) {
		if (!caller.isMember(id)) {
			return Mono.error(Refusal.forbidden("not-your-enterprise"));
		}
		Mono<Member> member = this.members.existing(id);
		return this.store
			.decide(member,
					(current) -> Mono.just(current.changeProfile(
							(change.contact() != null) ? change.contact().toContact() : null, change.village(),
							change.address(), change.consumes(), caller.username(), this.clock.instant())))
			.map(Change::state);
	}

}
