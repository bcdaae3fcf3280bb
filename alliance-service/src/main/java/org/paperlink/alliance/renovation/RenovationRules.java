package org.paperlink.alliance.renovation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.paperlink.alliance.domain.Change;
import org.paperlink.alliance.member.CapacityReport;
import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.MemberStatus;
import org.paperlink.alliance.member.RenovationProject;
import org.paperlink.events.AllianceEvent;
import org.paperlink.events.RenovationRegistered;
import org.paperlink.events.RenovationStatusChanged;
import org.paperlink.platform.Refusal;

/**
 * What may happen to a member's renovation projects. A project lives in its member's
 * document, so that reaching IN_PRODUCTION and the capacity report it promised are one
 * change of one aggregate.
 */
final class RenovationRules {

	private RenovationRules() {
	}

	/** An active member registers a project, PLANNED. */
	static Change<Member> register(Member member, RenovationProject project) {
		if (member.status() != MemberStatus.ACTIVE) {
			throw Refusal.conflict("member-not-active", member.status());
		}
		if (project.plannedCompletion().isBefore(project.plannedStart())) {
			throw Refusal.invalid("completion-before-start", "plannedCompletion");
		}
		List<RenovationProject> projects = new ArrayList<>(member.renovationsOrEmpty());
		projects.add(project);
		return Change.of(member.withRenovations(projects),
				new RenovationRegistered(project.projectId(), member.id(), member.enterpriseName(), project.title(),
						project.category(), project.addedCapacityTonnes(), project.investmentYuan(),
						project.keyProjectLevel(), project.plannedStart(), project.plannedCompletion(),
						project.registeredAt()));
	}

	/**
	 * Moves a project on. Only the statuses its current one allows; a suspended project
	 * only back to where it was. On IN_PRODUCTION the member's capacity in the project's
	 * category rises by what the project added, filed as {@code promised} says.
	 */
	static Change<Member> move(Member member, String projectId, RenovationStatus target, String note, String by,
			Instant at, CapacityReport promised) {
		RenovationProject project = project(member, projectId);
		RenovationStatus current = RenovationStatus.valueOf(project.status());
		RenovationStatus resumeTo = (project.resumeTo() != null) ? RenovationStatus.valueOf(project.resumeTo()) : null;
		List<RenovationStatus> allowed = current.next(resumeTo);
		if (!allowed.contains(target)) {
			throw Refusal
				.conflict("illegal-transition", current, target,
						allowed.isEmpty() ? "—" : String.join(", ", allowed.stream().map(Enum::name).toList()))
				.with("allowed", allowed.stream().map(Enum::name).toList());
		}
		List<RenovationProject.StatusChange> history = new ArrayList<>(project.history());
		history.add(new RenovationProject.StatusChange(current.name(), target.name(), note, by, at));
		RenovationProject moved = new RenovationProject(project.projectId(), project.title(), project.category(),
				project.addedCapacityTonnes(), project.investmentYuan(), project.keyProjectLevel(),
				project.plannedStart(), project.plannedCompletion(), target.name(),
				(target == RenovationStatus.SUSPENDED) ? current.name() : null, history, project.registeredAt(),
				project.sample());
		Member withProject = member.withRenovations(member.renovationsOrEmpty()
			.stream()
			.map((each) -> each.projectId().equals(projectId) ? moved : each)
			.toList());
		List<AllianceEvent> events = new ArrayList<>();
		events.add(new RenovationStatusChanged(projectId, member.id(), member.enterpriseName(), project.title(),
				current.name(), target.name(), note, by, at));
		if (target != RenovationStatus.IN_PRODUCTION) {
			return new Change<>(withProject, events);
		}
		long promisedTonnes = member.capacitiesByCategory().getOrDefault(project.category(), 0L)
				+ project.addedCapacityTonnes();
		Change<Member> filed = withProject.fileCapacity(promised.withAnnualTonnes(promisedTonnes));
		events.addAll(filed.events());
		return new Change<>(filed.state(), events);
	}

	static RenovationProject project(Member member, String projectId) {
		return member.renovationsOrEmpty()
			.stream()
			.filter((project) -> project.projectId().equals(projectId))
			.findFirst()
			.orElseThrow(() -> Refusal.notFound("project-not-found", projectId));
	}

}
