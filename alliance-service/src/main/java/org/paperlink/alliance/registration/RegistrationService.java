package org.paperlink.alliance.registration;

import java.time.Clock;
import java.util.List;
import java.util.Map;

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
import org.paperlink.events.AllianceEvent;
import org.paperlink.events.MemberApproved;
import org.paperlink.events.MemberRegistered;
import org.paperlink.events.MemberRejected;
import org.paperlink.platform.DomainProblem;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
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
		String id = new ObjectId().toHexString();
		MemberRegistered event = new MemberRegistered(id, request.enterpriseName(), request.uscc(), request.pillar(),
				request.produces(), request.consumes(), request.annualCapacityTonnes(), request.village(),
				request.contact().name(), request.contact().email(), this.clock.instant());
		return this.accounts.claimForApplicant(request.username(), request.password(), id)
			.then(Mono.defer(() -> this.store.insert(newApplication(id, request, event), List.of(event))))
			.onErrorResume(DuplicateKeyException.class,
					(ex) -> this.accounts.release(request.username(), id)
						.then(Mono
							.error(DomainProblem.onField(HttpStatus.CONFLICT, "uscc-taken", "uscc", request.uscc()))))
			.contextWrite(AggregateStore.actingAs(request.username()));
	}

	Mono<MemberView> approve(String id, Decisions.Approval approval, SignedInUser secretary) {
		return pending(id).flatMap((member) -> {
			String pillar = (approval.pillar() != null) ? approval.pillar() : member.pillar();
			Tier tier = (approval.tier() != null) ? Tier.valueOf(approval.tier()) : Tier.MEMBER;
			MemberApproved event = new MemberApproved(id, member.enterpriseName(), pillar, tier.name(), email(member),
					secretary.username(), this.clock.instant());
			Update update = new Update().set("status", MemberStatus.ACTIVE)
				.set("pillar", pillar)
				.set("tier", tier)
				.set("decidedAt", event.approvedAt())
				.set("decidedBy", secretary.username());
			return decide(member, update, event);
		}).map((member) -> this.directory.view(member, secretary));
	}

	Mono<MemberView> reject(String id, Decisions.Rejection rejection, SignedInUser secretary) {
		return pending(id).flatMap((member) -> {
			MemberRejected event = new MemberRejected(id, member.enterpriseName(), rejection.reason().strip(),
					email(member), secretary.username(), this.clock.instant());
			Update update = new Update().set("status", MemberStatus.REJECTED)
				.set("usccKey", Member.rejectedUsccKey(id))
				.set("rejectionReason", event.reason())
				.set("decidedAt", event.rejectedAt())
				.set("decidedBy", secretary.username());
			return decide(member, update, event);
		}).map((member) -> this.directory.view(member, secretary));
	}

	private Mono<Member> pending(String id) {
		return this.members.findById(id)
			.switchIfEmpty(Mono.error(() -> DomainProblem.notFound("registration-not-found", id)))
			.flatMap((member) -> (member.status() == MemberStatus.PENDING) ? Mono.just(member)
					: Mono.error(DomainProblem.conflict("registration-decided", member.status())));
	}

	/** The decision wins only if nobody decided since the application was read. */
	private Mono<Member> decide(Member member, Update update, AllianceEvent event) {
		return this.store.update(member, Criteria.where("status").is(MemberStatus.PENDING), update, List.of(event));
	}

	private static Member newApplication(String id, RegistrationRequest request, MemberRegistered event) {
		return new Member(id, request.enterpriseName(), request.uscc(), request.uscc(), request.pillar(), Tier.MEMBER,
				MemberStatus.PENDING, request.produces(), request.consumes(), request.annualCapacityTonnes(),
				new Contact(request.contact().name(), request.contact().phone(), request.contact().email()),
				request.village(), request.address(), request.username(), false, null, event.registeredAt(), null, null,
				null, request.capacitiesByCategory(), List.of(), 0);
	}

	private static String email(Member member) {
		return (member.contact() != null) ? member.contact().email() : null;
	}

}
