package org.paperlink.alliance.capacity;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

import org.paperlink.alliance.member.CapacityReport;
import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.structure.AllianceOverviewService;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Prepares a capacity report for a member's rules to decide on: a new report id, the
 * time, and the lead of the member's pillar, who is told too. Used by a member's own
 * report and by a renovation project going into production.
 */
@Component
public class CapacityFiling {

	private final AllianceOverviewService overview;

	private final Clock clock;

	CapacityFiling(AllianceOverviewService overview, Clock clock) {
		this.overview = overview;
		this.clock = clock;
	}

	public Mono<CapacityReport> report(Member member, String category, long annualTonnes, LocalDate effectiveFrom,
			CapacityReason reason, String projectId, String reportedBy) {
		return this.overview.leadOf(member.pillar())
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.map((lead) -> new CapacityReport(UUID.randomUUID().toString(), category, annualTonnes, effectiveFrom,
					reason.name(), projectId, reportedBy, this.clock.instant(), lead.orElse(null)));
	}

}
