package org.paperlink.alliance.registration;

import java.time.Clock;
import java.util.List;

import org.bson.types.ObjectId;
import org.paperlink.alliance.member.Contact;
import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.MemberDirectory;
import org.paperlink.alliance.member.MemberRepository;
import org.paperlink.alliance.member.MemberStatus;
import org.paperlink.alliance.member.MemberView;
import org.paperlink.alliance.member.Tier;
import org.paperlink.alliance.outbox.AggregateStore;
import org.paperlink.alliance.security.AccountService;
import org.paperlink.events.MemberRegistered;
import org.paperlink.platform.Refusal;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Self-registration and the secretariat's decision. Each step is one atomic write of the
 * member document together with its event; the outbox relay publishes the event
 * afterwards.
 */
@Service
class RegistrationService {

	private final ReactiveMongoTemplate mongo;

	private final MemberRepository members;

	private final MemberDirectory directory;

	private final AccountService accounts;

	private final AggregateStore store;

	private final Clock clock;

	RegistrationService(ReactiveMongoTemplate mongo, MemberRepository members, MemberDirectory directory,
			AccountService accounts, AggregateStore store, Clock clock) {
		this.mongo = mongo;
		this.members = members;
		this.directory = directory;
		this.accounts = accounts;
		this.store = store;
		this.clock = clock;
	}

	Mono<Member> register(RegistrationRequest request) {
		return register(request, null);
	}

	/**
	 * @param importedBy the staff member whose roster import this application comes from,
	 * or null when the enterprise applies itself
	 */
	Mono<Member> register(RegistrationRequest request, String importedBy) {
		String id = new ObjectId().toHexString();
		MemberRegistered event = new MemberRegistered(id, request.enterpriseName(), request.uscc(), request.pillar(),
				request.produces(), request.consumes(), request.annualCapacityTonnes(), request.village(),
				request.contact().name(), request.contact().email(), this.clock.instant(), importedBy);
		return this.accounts.claimForApplicant(request.username(), request.password(), id, importedBy != null)
			.then(Mono.defer(() -> this.store.insert(newApplication(id, request, event), List.of(event))))
			.onErrorResume(DuplicateKeyException.class,
					(ex) -> this.accounts.release(request.username(), id)
						.then(Mono.error(Refusal.conflictOn("uscc-taken", "uscc", request.uscc()))))
			.contextWrite(AggregateStore.actingAs(request.username()));
	}

	Mono<MemberView> approve(String id, Decisions.Approval approval, SignedInUser secretary) {
		return this.store.decide(application(id),
				(member) -> Mono.just(member.approve((approval.pillar() != null) ? approval.pillar() : member.pillar(),
						(approval.tier() != null) ? Tier.valueOf(approval.tier()) : Tier.MEMBER, secretary.username(),
						this.clock.instant())))
			.map((approved) -> this.directory.view(approved.state(), secretary));
	}

	Mono<MemberView> reject(String id, Decisions.Rejection rejection, SignedInUser secretary) {
		return this.store
			.decide(application(id),
					(member) -> Mono
						.just(member.reject(rejection.reason().strip(), secretary.username(), this.clock.instant())))
			.map((rejected) -> this.directory.view(rejected.state(), secretary));
	}

	private Mono<Member> application(String id) {
		return this.members.findById(id)
			.switchIfEmpty(Mono.error(() -> Refusal.notFound("registration-not-found", id)));
	}

	private static Member newApplication(String id, RegistrationRequest request, MemberRegistered event) {
		return new Member(id, request.enterpriseName(), request.uscc(), request.uscc(), request.pillar(), Tier.MEMBER,
				MemberStatus.PENDING, request.produces(), request.consumes(), request.annualCapacityTonnes(),
				new Contact(request.contact().name(), request.contact().phone(), request.contact().email()),
				request.village(), request.address(), request.username(), false, null, event.registeredAt(), null, null,
				null, request.capacitiesByCategory(), List.of(), 0);
	}

}
