package org.paperlink.alliance.renovation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.RenovationProject;

/** A renovation project with its enterprise, and where it may go next. */
record RenovationView(String id, String memberId, String enterpriseName, String pillar, String title, String category,
		long addedCapacityTonnes, long investmentYuan, String keyProjectLevel, LocalDate plannedStart,
		LocalDate plannedCompletion, String status, List<String> allowedNext,
		List<RenovationProject.StatusChange> history, Instant registeredAt, boolean sample) {

	static RenovationView of(Member member, RenovationProject project) {
		RenovationStatus status = RenovationStatus.valueOf(project.status());
		RenovationStatus resumeTo = (project.resumeTo() != null) ? RenovationStatus.valueOf(project.resumeTo()) : null;
		return new RenovationView(project.projectId(), member.id(), member.enterpriseName(), member.pillar(),
				project.title(), project.category(), project.addedCapacityTonnes(), project.investmentYuan(),
				project.keyProjectLevel(), project.plannedStart(), project.plannedCompletion(), project.status(),
				status.next(resumeTo).stream().map(Enum::name).toList(), project.history(), project.registeredAt(),
				project.sample());
	}

}
