package org.paperlink.alliance.structure;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.MemberRepository;
import org.paperlink.alliance.member.MemberStatus;
import org.paperlink.alliance.outbox.AggregateChanged;
import org.paperlink.alliance.member.Tier;
import org.paperlink.events.EventType;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
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

	/**
	 * The lead of each pillar, apart from the overview: a capacity report asks for it,
	 * and must not recompute the overview (a scan of every member) that each report
	 * changes.
	 */
	private final AtomicReference<Mono<Map<String, String>>> leads = new AtomicReference<>();

	/** Changes that leave every pillar's lead where it was. */
	private static final List<String> LEADS_UNCHANGED = List.of(EventType.CAPACITY_REPORTED.ceType(),
			EventType.RENOVATION_REGISTERED.ceType(), EventType.RENOVATION_STATUS_CHANGED.ceType(),
			EventType.MEMBER_REGISTERED.ceType());

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
		return this.leads.updateAndGet((current) -> (current != null) ? current : computeLeads().cache(this.ttl))
			.flatMap((byPillar) -> Mono.justOrEmpty(byPillar.get(pillar)));
	}

	private Mono<Map<String, String>> computeLeads() {
		Query leads = Query.query(Criteria.where("status").is(MemberStatus.ACTIVE).and("tier").is(Tier.PILLAR_LEAD));
		return this.mongo.find(leads, Member.class).collectList().map((found) -> {
			Map<String, String> byPillar = new HashMap<>();
			found.stream()
				.collect(Collectors.groupingBy(Member::pillar))
				.forEach((pillar, candidates) -> byPillar.put(pillar, lead(candidates).id()));
			return byPillar;
		});
	}

	/** The first admitted of a pillar's lead enterprises. */
	private static Member lead(List<Member> candidates) {
		return candidates.stream()
			.min(Comparator.comparing(Member::decidedAt, Comparator.nullsLast(Comparator.naturalOrder())))
			.orElseThrow();
	}

	/** Creates the structure document of a new installation; an existing one is kept. */
	public Mono<AllianceStructure> ensureStructure() {
		return this.mongo.findById(AllianceStructure.ID, AllianceStructure.class)
			.switchIfEmpty(Mono.defer(() -> this.mongo.save(AllianceStructure.defaults(this.allianceName))));
	}

	@EventListener(condition = "#change.collection() == '" + Member.COLLECTION + "'")
	void membershipChanged(AggregateChanged change) {
		this.cached.set(null);
		if (change.mayBeOtherThan(LEADS_UNCHANGED)) {
			this.leads.set(null);
		}
	}

	private Mono<AllianceOverview> compute() {
		return Mono.zip(ensureStructure(), this.members.findByStatus(MemberStatus.ACTIVE).collectList())
			.map((both) -> summarize(both.getT1(), both.getT2()));
	}

	private static AllianceOverview summarize(AllianceStructure structure, List<Member> active) {
		Map<String, List<Member>> byPillar = active.stream().collect(Collectors.groupingBy(Member::pillar));
		List<AllianceOverview.PillarSummary> pillars = structure.pillars().stream().map((group) -> {
			List<Member> inPillar = byPillar.getOrDefault(group.code(), List.of());
			List<Member> leads = inPillar.stream().filter((member) -> member.tier() == Tier.PILLAR_LEAD).toList();
			AllianceOverview.Lead lead = leads.isEmpty() ? null
					: new AllianceOverview.Lead(lead(leads).id(), lead(leads).enterpriseName());
			return new AllianceOverview.PillarSummary(group.code(), group.name(), group.nameEn(), lead, inPillar.size(),
					inPillar.stream().mapToLong(Member::annualCapacityTonnes).sum());
		}).toList();
		return new AllianceOverview(structure.name(), structure.model(), structure.partyCommittee(), pillars,
				active.size(), active.stream().mapToLong(Member::annualCapacityTonnes).sum());
	}

}
