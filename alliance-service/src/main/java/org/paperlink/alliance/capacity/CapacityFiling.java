package org.paperlink.alliance.capacity;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.paperlink.alliance.member.CapacityEntry;
import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.structure.AllianceOverviewService;
import org.paperlink.events.CapacityReported;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Files a capacity report on a member: the new figure and the event, as parts of one
 * update; the history entry is derived from the event ({@link CapacityHistory}). Used by
 * a member's own report and by a renovation project going into production.
 */
@Component
public class CapacityFiling {

	private final AllianceOverviewService overview;

	private final Clock clock;

	CapacityFiling(AllianceOverviewService overview, Clock clock) {
		this.overview = overview;
		this.clock = clock;
	}

	/**
	 * What one report changes: apply {@link #update()} and publish {@link #event()}
	 * together.
	 */
	public record Filed(CapacityEntry entry, CapacityReported event, Map<String, Long> capacities,
			List<String> produces) {

		public Update update() {
			return new Update().set("capacities", this.capacities)
				.set("annualCapacityTonnes", this.capacities.values().stream().mapToLong(Long::longValue).sum())
				.set("produces", this.produces);
		}

	}

	public Mono<Filed> file(Member member, String category, long annualTonnes, LocalDate effectiveFrom,
			CapacityReason reason, String projectId, String reportedBy) {
		return this.overview.leadOf(member.pillar())
			.map(java.util.Optional::of)
			.defaultIfEmpty(java.util.Optional.empty())
			.map((lead) -> {
				long previous = member.capacitiesByCategory().getOrDefault(category, 0L);
				Map<String, Long> capacities = new LinkedHashMap<>(member.capacitiesByCategory());
				capacities.put(category, annualTonnes);
				List<String> produces = new ArrayList<>(member.produces());
				if (!produces.contains(category)) {
					produces.add(category);
				}
				CapacityEntry entry = new CapacityEntry(UUID.randomUUID().toString(), member.id(), category, previous,
						annualTonnes, annualTonnes - previous, effectiveFrom, reason.name(), reportedBy,
						this.clock.instant(), projectId);
				CapacityReported event = new CapacityReported(entry.reportId(), member.id(), member.enterpriseName(),
						member.pillar(), lead.orElse(null), category, previous, annualTonnes, entry.changeTonnes(),
						effectiveFrom, reason.name(), projectId, reportedBy, entry.reportedAt());
				return new Filed(entry, event, capacities, produces);
			});
	}

}
