package org.paperlink.alliance.structure;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.MemberRepository;
import org.paperlink.alliance.member.MemberStatus;
import org.paperlink.alliance.outbox.AggregateChanged;
import org.paperlink.alliance.member.Tier;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Computes the overview from the structure and the active members. The result is kept in
 * memory: it changes only when membership does, and this replica hears of its own changes
 * at once. Other replicas' changes show after {@code paperlink.alliance.overview-ttl}.
 */
@Service
public class AllianceOverviewService {

	private final ReactiveMongoTemplate mongo;

	private final MemberRepository members;

	private final String allianceName;

	private final Duration ttl;

	private final AtomicReference<Mono<AllianceOverview>> cached = new AtomicReference<>();

	AllianceOverviewService(ReactiveMongoTemplate mongo, MemberRepository members,
			@Value("${paperlink.alliance.name:大隗镇造纸产业联盟}") String allianceName,
			@Value("${paperlink.alliance.overview-ttl:30s}") Duration ttl) {
		this.mongo = mongo;
		this.members = members;
		this.allianceName = allianceName;
		this.ttl = ttl;
	}

	public Mono<AllianceOverview> overview() {
		return this.cached.updateAndGet((current) -> (current != null) ? current : compute().cache(this.ttl));
	}

	/** The id of the lead enterprise of a pillar, or empty when it has none. */
	public Mono<String> leadOf(String pillar) {
		return overview().flatMap((overview) -> Mono.justOrEmpty(overview.pillars()
			.stream()
			.filter((summary) -> summary.code().equals(pillar) && summary.lead() != null)
			.map((summary) -> summary.lead().memberId())
			.findFirst()));
	}

	/** Creates the structure document of a new installation; an existing one is kept. */
	public Mono<AllianceStructure> ensureStructure() {
		return this.mongo.findById(AllianceStructure.ID, AllianceStructure.class)
			.switchIfEmpty(Mono.defer(() -> this.mongo.save(AllianceStructure.defaults(this.allianceName))));
	}

	@EventListener(condition = "#change.collection() == '" + Member.COLLECTION + "'")
	void membershipChanged(AggregateChanged change) {
		this.cached.set(null);
	}

	private Mono<AllianceOverview> compute() {
		return Mono.zip(ensureStructure(), this.members.findByStatus(MemberStatus.ACTIVE).collectList())
			.map((both) -> summarize(both.getT1(), both.getT2()));
	}

	private static AllianceOverview summarize(AllianceStructure structure, List<Member> active) {
		Map<String, List<Member>> byPillar = active.stream().collect(Collectors.groupingBy(Member::pillar));
		List<AllianceOverview.PillarSummary> pillars = structure.pillars().stream().map((group) -> {
			List<Member> inPillar = byPillar.getOrDefault(group.code(), List.of());
			AllianceOverview.Lead lead = inPillar.stream()
				.filter((member) -> member.tier() == Tier.PILLAR_LEAD)
				.min(Comparator.comparing(Member::decidedAt, Comparator.nullsLast(Comparator.naturalOrder())))
				.map((member) -> new AllianceOverview.Lead(member.id(), member.enterpriseName()))
				.orElse(null);
			return new AllianceOverview.PillarSummary(group.code(), group.name(), group.nameEn(), lead, inPillar.size(),
					inPillar.stream().mapToLong(Member::annualCapacityTonnes).sum());
		}).toList();
		return new AllianceOverview(structure.name(), structure.model(), structure.partyCommittee(), pillars,
				active.size(), active.stream().mapToLong(Member::annualCapacityTonnes).sum());
	}

}
