package org.paperlink.alliance.structure;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.MemberRepository;
import org.paperlink.alliance.member.MemberStatus;
import org.paperlink.alliance.member.Tier;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Service;

/**
 * The public overview and each pillar's lead, from the structure and the members. Every
 * member's figures (status, pillar, tier, capacity) are kept in memory: read from the
 * store once, then set by each change this replica writes, newest version first, so that
 * a capacity report changes one member's figure instead of a scan of every member. Other
 * replicas' changes show once the figures are read again, after
 * {@code paperlink.alliance.overview-ttl}.
 */
@Service
public class AllianceOverviewService {

	private final ReactiveMongoTemplate mongo;

	private final MemberRepository members;

	private final String allianceName;

	private final Duration ttl;

	private final AtomicReference<Figures> figures = new AtomicReference<>();

	/** A read of every member under way, shared by whoever asks meanwhile. */
	private final AtomicReference<Mono<Figures>> reading = new AtomicReference<>();

	/** Raised when many members changed at once: a read begun before is not kept. */
	private final AtomicLong resets = new AtomicLong();

	AllianceOverviewService(ReactiveMongoTemplate mongo, MemberRepository members,
			@Value("${paperlink.alliance.name:大隗镇造纸产业联盟}") String allianceName,
			@Value("${paperlink.alliance.overview-ttl:30s}") Duration ttl) {
		this.mongo = mongo;
		this.members = members;
		this.allianceName = allianceName;
		this.ttl = ttl;
	}

	public Mono<AllianceOverview> overview() {
		return current().map(Figures::overview);
	}

	/** The id of the lead enterprise of a pillar, or empty when it has none. */
	public Mono<String> leadOf(String pillar) {
		return current().flatMap((current) -> Mono.justOrEmpty(current.leads().get(pillar)));
	}

	/**
	 * A member as this replica just wrote it: its figure, unless a newer one is known.
	 */
	public void changed(Member written) {
		Figure figure = Figure.of(written);
		// before the first read, kept for it: that read may have passed this member
		// already
		this.figures
			.updateAndGet((current) -> (current != null) ? current.with(figure) : Figures.unread().with(figure));
	}

	/** Many members changed at once (a seed): every figure is read again. */
	public void manyChanged() {
		this.resets.incrementAndGet();
		this.figures.set(null);
	}

	/** Creates the structure document of a new installation; an existing one is kept. */
	public Mono<AllianceStructure> ensureStructure() {
		return this.mongo.findById(AllianceStructure.ID, AllianceStructure.class)
			.switchIfEmpty(Mono.defer(() -> this.mongo.save(AllianceStructure.defaults(this.allianceName))));
	}

	private Mono<Figures> current() {
		Figures current = this.figures.get();
		if (current != null && current.fresh(this.ttl)) {
			return Mono.just(current);
		}
		return this.reading.updateAndGet((underWay) -> (underWay != null) ? underWay : read());
	}

	private Mono<Figures> read() {
		long readAt = System.nanoTime();
		long reset = this.resets.get();
		return Mono.zip(ensureStructure(), this.members.findAll().map(Figure::of).collectList())
			.map((both) -> new Figures(both.getT1(), both.getT2(), readAt))
			// a change written while the read was under way is kept if it is newer
			.map((read) -> (reset != this.resets.get()) ? read
					: this.figures.updateAndGet((meanwhile) -> read.withNewerOf(meanwhile)))
			.doFinally((signal) -> this.reading.set(null))
			.cache();
	}

	/** What the overview needs of a member, and the version it is as of. */
	record Figure(String id, String enterpriseName, String pillar, Tier tier, boolean active, Instant decidedAt,
			long capacityTonnes, long version) {

		static Figure of(Member member) {
			return new Figure(member.id(), member.enterpriseName(), member.pillar(), member.tier(),
					member.status() == MemberStatus.ACTIVE, member.decidedAt(), member.annualCapacityTonnes(),
					member.version());
		}

	}

	/**
	 * Every member's figure as of a read, changed since by this replica's writes; the
	 * overview and the leads are worked out from them once, when first asked.
	 */
	static final class Figures {

		private final AllianceStructure structure;

		private final Map<String, Figure> byId;

		/**
		 * When the store was read (System.nanoTime); null for changes not yet read with.
		 */
		private final Long readAt;

		private volatile AllianceOverview overview;

		private volatile Map<String, String> leads;

		Figures(AllianceStructure structure, List<Figure> figures, long readAt) {
			this(structure, figures.stream().collect(Collectors.toMap(Figure::id, (figure) -> figure)), readAt);
		}

		private Figures(AllianceStructure structure, Map<String, Figure> byId, Long readAt) {
			this.structure = structure;
			this.byId = byId;
			this.readAt = readAt;
		}

		/** Changes written before any read of the store: kept for the first read. */
		static Figures unread() {
			return new Figures(null, Map.of(), null);
		}

		boolean fresh(Duration ttl) {
			return this.readAt != null && System.nanoTime() - this.readAt < ttl.toNanos();
		}

		Figures with(Figure changed) {
			Figure known = this.byId.get(changed.id());
			if (known != null && known.version() >= changed.version()) {
				return this;
			}
			Map<String, Figure> next = new HashMap<>(this.byId);
			next.put(changed.id(), changed);
			return new Figures(this.structure, next, this.readAt);
		}

		/** These figures, with whatever {@code other} knows of a newer version. */
		Figures withNewerOf(Figures other) {
			if (other == null) {
				return this;
			}
			Map<String, Figure> next = new HashMap<>(this.byId);
			other.byId.values()
				.forEach((figure) -> next.merge(figure.id(), figure,
						(mine, theirs) -> (theirs.version() > mine.version()) ? theirs : mine));
			return new Figures(this.structure, next, this.readAt);
		}

		AllianceOverview overview() {
			AllianceOverview worked = this.overview;
			if (worked == null) {
				worked = summarize();
				this.overview = worked;
			}
			return worked;
		}

		Map<String, String> leads() {
			Map<String, String> worked = this.leads;
			if (worked == null) {
				worked = new HashMap<>();
				for (Map.Entry<String, List<Figure>> pillar : byPillar().entrySet()) {
					Figure lead = lead(pillar.getValue());
					if (lead != null) {
						worked.put(pillar.getKey(), lead.id());
					}
				}
				this.leads = worked;
			}
			return worked;
		}

		private Map<String, List<Figure>> byPillar() {
			return this.byId.values()
				.stream()
				.filter(Figure::active)
				.filter((figure) -> figure.pillar() != null)
				.collect(Collectors.groupingBy(Figure::pillar));
		}

		/** The first admitted of a pillar's lead enterprises; null when it has none. */
		private static Figure lead(List<Figure> inPillar) {
			return inPillar.stream()
				.filter((figure) -> figure.tier() == Tier.PILLAR_LEAD)
				.min(Comparator.comparing(Figure::decidedAt, Comparator.nullsLast(Comparator.naturalOrder())))
				.orElse(null);
		}

		private AllianceOverview summarize() {
			Map<String, List<Figure>> byPillar = byPillar();
			List<AllianceOverview.PillarSummary> pillars = this.structure.pillars().stream().map((group) -> {
				List<Figure> inPillar = byPillar.getOrDefault(group.code(), List.of());
				Figure lead = lead(inPillar);
				return new AllianceOverview.PillarSummary(group.code(), group.name(), group.nameEn(),
						(lead != null) ? new AllianceOverview.Lead(lead.id(), lead.enterpriseName()) : null,
						inPillar.size(), inPillar.stream().mapToLong(Figure::capacityTonnes).sum());
			}).toList();
			List<Figure> active = byPillar.values().stream().flatMap(List::stream).toList();
			return new AllianceOverview(this.structure.name(), this.structure.model(), this.structure.partyCommittee(),
					pillars, active.size(), active.stream().mapToLong(Figure::capacityTonnes).sum());
		}

	}

}
