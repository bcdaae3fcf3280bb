package org.paperlink.alliance.renovation;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.bson.types.ObjectId;
import org.paperlink.alliance.capacity.CapacityFiling;
import org.paperlink.alliance.capacity.CapacityReason;
import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.MemberRepository;
import org.paperlink.alliance.member.MemberStatus;
import org.paperlink.alliance.outbox.AggregateStore;
import org.paperlink.alliance.member.RenovationProject;
import org.paperlink.events.AllianceEvent;
import org.paperlink.events.RenovationRegistered;
import org.paperlink.events.RenovationStatusChanged;
import org.paperlink.platform.DomainProblem;
import org.paperlink.platform.Role;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Renovation projects. A project lives in its member's document: every status change, and
 * on reaching IN_PRODUCTION the capacity report the project promised, is one atomic
 * write.
 */
@Service
class RenovationService {

	private final ReactiveMongoTemplate mongo;

	private final MemberRepository members;

	private final AggregateStore store;

	private final CapacityFiling capacity;

	private final Clock clock;

	RenovationService(ReactiveMongoTemplate mongo, MemberRepository members, AggregateStore store,
			CapacityFiling capacity, Clock clock) {
		this.mongo = mongo;
		this.members = members;
		this.store = store;
		this.capacity = capacity;
		this.clock = clock;
	}

	Mono<RenovationView> register(String memberId, RenovationRequests.Register request, SignedInUser caller) {
		if (!caller.isMember(memberId)) {
			return Mono.error(DomainProblem.forbidden("not-your-enterprise"));
		}
		if (request.plannedCompletion().isBefore(request.plannedStart())) {
			return Mono.error(DomainProblem.onField(HttpStatus.UNPROCESSABLE_CONTENT, "completion-before-start",
					"plannedCompletion"));
		}
		return this.members.findById(memberId)
			.switchIfEmpty(Mono.error(() -> DomainProblem.notFound("member-not-found", memberId)))
			.filter((member) -> member.status() == MemberStatus.ACTIVE)
			.switchIfEmpty(Mono.error(() -> DomainProblem.conflict("member-not-active", MemberStatus.PENDING)))
			.flatMap((member) -> {
				RenovationProject project = new RenovationProject(new ObjectId().toHexString(), request.title().strip(),
						request.category(), request.addedCapacityTonnes(), request.investmentYuan(),
						request.keyProjectLevel(), request.plannedStart(), request.plannedCompletion(),
						RenovationStatus.PLANNED.name(), null, List.of(new RenovationProject.StatusChange(null,
								RenovationStatus.PLANNED.name(), null, caller.username(), this.clock.instant())),
						this.clock.instant(), false);
				RenovationRegistered event = new RenovationRegistered(project.projectId(), member.id(),
						member.enterpriseName(), project.title(), project.category(), project.addedCapacityTonnes(),
						project.investmentYuan(), project.keyProjectLevel(), project.plannedStart(),
						project.plannedCompletion(), project.registeredAt());
				return this.store.update(member, new Update().push("renovations", project), List.of(event))
					.map((updated) -> RenovationView.of(updated, project));
			});
	}

	Mono<RenovationView> changeStatus(String projectId, RenovationRequests.ChangeStatus request, SignedInUser caller) {
		if (!caller.hasAny(Role.MEMBER, Role.SECRETARIAT)) {
			return Mono.error(DomainProblem.forbidden("forbidden"));
		}
		RenovationStatus target = RenovationStatus.valueOf(request.status());
		return owner(projectId).flatMap((member) -> {
			if (!caller.isMember(member.id()) && !caller.has(Role.SECRETARIAT)) {
				return Mono.error(DomainProblem.forbidden("not-your-enterprise"));
			}
			RenovationProject project = project(member, projectId);
			RenovationStatus current = RenovationStatus.valueOf(project.status());
			RenovationStatus resumeTo = (project.resumeTo() != null) ? RenovationStatus.valueOf(project.resumeTo())
					: null;
			List<RenovationStatus> allowed = current.next(resumeTo);
			if (!allowed.contains(target)) {
				DomainProblem illegal = DomainProblem.conflict("illegal-transition", current, target,
						allowed.isEmpty() ? "—" : String.join(", ", allowed.stream().map(Enum::name).toList()));
				illegal.getBody().setProperty("allowed", allowed.stream().map(Enum::name).toList());
				return Mono.error(illegal);
			}
			RenovationProject changed = moved(project, current, target, request.note(), caller.username());
			RenovationStatusChanged event = new RenovationStatusChanged(projectId, member.id(), member.enterpriseName(),
					project.title(), current.name(), target.name(), request.note(), caller.username(),
					this.clock.instant());
			Update update = new Update().set("renovations", replaced(member, changed));
			if (target != RenovationStatus.IN_PRODUCTION) {
				return this.store.update(member, update, List.of(event))
					.map((updated) -> RenovationView.of(updated, changed));
			}
			long promised = member.capacitiesByCategory().getOrDefault(project.category(), 0L)
					+ project.addedCapacityTonnes();
			return this.capacity
				.file(member, project.category(), promised, LocalDate.now(this.clock), CapacityReason.RENOVATION,
						projectId, caller.username())
				.flatMap((filed) -> {
					Update withCapacity = filed.update().set("renovations", replaced(member, changed));
					List<AllianceEvent> events = List.of(event, filed.event());
					return this.store.update(member, withCapacity, events);
				})
				.map((updated) -> RenovationView.of(updated, changed));
		});
	}

	Flux<RenovationView> list(String status, String memberId) {
		Criteria criteria = Criteria.where("status").is(MemberStatus.ACTIVE);
		if (memberId != null && !memberId.isBlank()) {
			criteria = criteria.and("_id").is(memberId);
		}
		return this.mongo.find(Query.query(criteria), Member.class)
			.flatMapIterable((member) -> member.renovationsOrEmpty()
				.stream()
				.filter((project) -> status == null || status.isBlank() || status.equals(project.status()))
				.map((project) -> RenovationView.of(member, project))
				.toList())
			.sort(Comparator.comparing(RenovationView::registeredAt).reversed());
	}

	Mono<RenovationView> get(String projectId) {
		return owner(projectId).map((member) -> RenovationView.of(member, project(member, projectId)));
	}

	private Mono<Member> owner(String projectId) {
		return this.mongo.findOne(Query.query(Criteria.where("renovations.projectId").is(projectId)), Member.class)
			.switchIfEmpty(Mono.error(() -> DomainProblem.notFound("project-not-found", projectId)));
	}

	private static RenovationProject project(Member member, String projectId) {
		return member.renovationsOrEmpty()
			.stream()
			.filter((project) -> project.projectId().equals(projectId))
			.findFirst()
			.orElseThrow(() -> DomainProblem.notFound("project-not-found", projectId));
	}

	private RenovationProject moved(RenovationProject project, RenovationStatus from, RenovationStatus to, String note,
			String by) {
		List<RenovationProject.StatusChange> history = new ArrayList<>(project.history());
		history.add(new RenovationProject.StatusChange(from.name(), to.name(), note, by, this.clock.instant()));
		String resumeTo = (to == RenovationStatus.SUSPENDED) ? from.name() : null;
		return new RenovationProject(project.projectId(), project.title(), project.category(),
				project.addedCapacityTonnes(), project.investmentYuan(), project.keyProjectLevel(),
				project.plannedStart(), project.plannedCompletion(), to.name(), resumeTo, history,
				project.registeredAt(), project.sample());
	}

	private static List<RenovationProject> replaced(Member member, RenovationProject changed) {
		return member.renovationsOrEmpty()
			.stream()
			.map((project) -> project.projectId().equals(changed.projectId()) ? changed : project)
			.toList();
	}

}
