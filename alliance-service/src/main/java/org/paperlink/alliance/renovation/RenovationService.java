package org.paperlink.alliance.renovation;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

import org.bson.types.ObjectId;
import org.paperlink.alliance.capacity.CapacityReason;
import org.paperlink.alliance.capacity.CapacityService;
import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.MemberRepository;
import org.paperlink.alliance.member.MemberStatus;
import org.paperlink.alliance.member.RenovationProject;
import org.paperlink.alliance.outbox.AggregateStore;
import org.paperlink.platform.Refusal;
import org.paperlink.platform.Role;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Renovation projects. A project lives in its member's document: every status change, and
 * on reaching IN_PRODUCTION the capacity report the project promised, is one atomic
 * write.
 */
@Service
class RenovationService {

	private final MemberRepository members;

	private final AggregateStore store;

	private final CapacityService capacity;

	private final Clock clock;

	RenovationService(MemberRepository members, AggregateStore store, CapacityService capacity, Clock clock) {
		this.members = members;
		this.store = store;
		this.capacity = capacity;
		this.clock = clock;
	}

	Mono<RenovationView> register(String memberId, RenovationRequests.Register request, SignedInUser caller) {
		if (!caller.isMember(memberId)) {
			return Mono.error(Refusal.forbidden("not-your-enterprise"));
		}
		Instant now = this.clock.instant();
		RenovationProject project = new RenovationProject(new ObjectId().toHexString(), request.title().strip(),
				request.category(), request.addedCapacityTonnes(), request.investmentYuan(), request.keyProjectLevel(),
				request.plannedStart(), request.plannedCompletion(), RenovationStatus.PLANNED.name(), null,
				List.of(new RenovationProject.StatusChange(null, RenovationStatus.PLANNED.name(), null,
						caller.username(), now)),
				now, false);
		return this.store
			.decide(this.members.existing(memberId), (current) -> Mono.just(RenovationRules.register(current, project)))
			.map((registered) -> RenovationView.of(registered.state(), project));
	}

	Mono<RenovationView> changeStatus(String projectId, RenovationRequests.ChangeStatus request, SignedInUser caller) {
		if (!caller.hasAny(Role.MEMBER, Role.SECRETARIAT)) {
			return Mono.error(Refusal.forbidden("forbidden"));
		}
		RenovationStatus target = RenovationStatus.valueOf(request.status());
		return this.store.decide(this.members.ownerOfProject(projectId), (member) -> {
			if (!caller.isMember(member.id()) && !caller.has(Role.SECRETARIAT)) {
				return Mono.error(Refusal.forbidden("not-your-enterprise"));
			}
			RenovationProject project = RenovationRules.project(member, projectId);
			// the report a project going into production files; its figure is the rule's
			return this.capacity
				.file(member, project.category(), 0, LocalDate.now(this.clock), CapacityReason.RENOVATION, projectId,
						caller.username())
				.map((promised) -> RenovationRules.move(member, projectId, target, request.note(), caller.username(),
						this.clock.instant(), promised));
		}).map((moved) -> RenovationView.of(moved.state(), RenovationRules.project(moved.state(), projectId)));
	}

	Flux<RenovationView> list(String status, String memberId) {
		Flux<Member> active = (memberId == null || memberId.isBlank()) ? this.members.active()
				: this.members.findById(memberId).filter((member) -> member.status() == MemberStatus.ACTIVE).flux();
		return active
			.flatMapIterable((member) -> member.renovationsOrEmpty()
				.stream()
				.filter((project) -> status == null || status.isBlank() || status.equals(project.status()))
				.map((project) -> RenovationView.of(member, project))
				.toList())
			.sort(Comparator.comparing(RenovationView::registeredAt).reversed());
	}

	Mono<RenovationView> get(String projectId) {
		return this.members.ownerOfProject(projectId)
			.map((member) -> RenovationView.of(member, RenovationRules.project(member, projectId)));
	}

}
