package org.paperlink.alliance.member;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.paperlink.alliance.outbox.AggregateStore;

import org.paperlink.events.MemberUpdated;
import org.paperlink.platform.DomainProblem;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
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
			return Mono.error(DomainProblem.forbidden("not-your-enterprise"));
		}
		return this.members.findById(id)
			.switchIfEmpty(Mono.error(() -> DomainProblem.notFound("member-not-found", id)))
			.flatMap((member) -> {
				Update update = new Update();
				List<String> changed = new ArrayList<>();
				if (change.contact() != null && !change.contact().toContact().equals(member.contact())) {
					update.set("contact", change.contact().toContact());
					changed.add("contact");
				}
				if (change.village() != null && !change.village().strip().equals(member.village())) {
					update.set("village", change.village().strip());
					changed.add("village");
				}
				if (change.address() != null && !change.address().strip().equals(member.address())) {
					update.set("address", change.address().strip());
					changed.add("address");
				}
				if (change.consumes() != null && !change.consumes().equals(member.consumes())) {
					update.set("consumes", List.copyOf(change.consumes()));
					changed.add("consumes");
				}
				if (changed.isEmpty()) {
					return Mono.error(new DomainProblem(HttpStatus.UNPROCESSABLE_CONTENT, "nothing-to-change"));
				}
				MemberUpdated event = new MemberUpdated(id, member.enterpriseName(), member.pillar(),
						member.status().name(), changed, null, caller.username(), this.clock.instant());
				return this.store.update(member, update, List.of(event));
			});
	}

}
