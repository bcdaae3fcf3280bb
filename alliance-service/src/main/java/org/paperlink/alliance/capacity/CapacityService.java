package org.paperlink.alliance.capacity;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

import org.paperlink.alliance.member.CapacityReport;
import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.MemberRepository;
import org.paperlink.alliance.outbox.AggregateStore;
import org.paperlink.alliance.structure.AllianceOverviewService;
import org.paperlink.events.CapacityReported;
import org.paperlink.platform.Refusal;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * A member reports its capacity: the report is filed, the member's rules decide, and the
 * new figure and the event are one write.
 */
@Service
public class CapacityService {

	private final MemberRepository members;

	private final AggregateStore store;

	private final AllianceOverviewService overview;

	private final Clock clock;

	CapacityService(MemberRepository members, AggregateStore store, AllianceOverviewService overview, Clock clock) {
		this.members = members;
		this.store = store;
		this.overview = overview;
		this.clock = clock;
	}

	Mono<CapacityReported> report(String memberId, CapacityReportRequest request, SignedInUser caller) {
		if (!caller.isMember(memberId)) {
			return Mono.error(Refusal.forbidden("not-your-enterprise"));
		}
		Mono<Member> member = this.members.existing(memberId);
		return this.store
			.decide(member,
					(current) -> file(current, request.category(), request.annualTonnes(), request.effectiveFrom(),
							CapacityReason.valueOf(request.reason()), null, caller.username())
						.map((report) -> current.reportCapacity(report, LocalDate.now(this.clock))))
			.map((change) -> change.event(CapacityReported.class));
	}

	/**
	 * Files a capacity report for a member's rules to decide on: a new report id, the
	 * time, and the lead of the member's pillar, who is told too. Used by a member's own
	 * report and by a renovation project going into production.
	 */
	public Mono<CapacityReport> file(Member member, String category, long annualTonnes, LocalDate effectiveFrom,
			CapacityReason reason, String projectId, String reportedBy) {
		return this.overview.leadOf(member.pillar())
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.map((lead) -> new CapacityReport(UUID.randomUUID().toString(), category, annualTonnes, effectiveFrom,
					reason.name(), projectId, reportedBy, this.clock.instant(), lead.orElse(null)));
	}

}
