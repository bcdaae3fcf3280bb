package org.paperlink.alliance.structure;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * store, then set by each change this replica writes, newest version first, so that a
 * capacity report moves its pillar's total instead of a scan of every member. Other
 * replicas' changes show once the figures are read again: when asked, once
 * {@code paperlink.alliance.overview-ttl} has passed since the last read.
 */
@Service
public class AllianceOverviewService {

	private final ReactiveMongoTemplate mongo;

	private final MemberRepository members;

	private final String allianceName;

	private final Duration ttl;

	private final Figures figures = new Figures();

	/** A read of every member under way, shared by whoever asks meanwhile. */
	private final AtomicReference<Mono<Figures>> reading = new AtomicReference<>();

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
		this.figures.set(Figure.of(written));
	}

	/** Many members changed at once (a seed): every figure is read again. */
	public void manyChanged() {
		this.figures.forget();
	}

	/** Creates the structure document of a new installation; an existing one is kept. */
	public Mono<AllianceStructure> ensureStructure() {
		return this.mongo.findById(AllianceStructure.ID, AllianceStructure.class)
			.switchIfEmpty(Mono.defer(() -> this.mongo.save(AllianceStructure.defaults(this.allianceName))));
	}

	private Mono<Figures> current() {
		if (this.figures.fresh(this.ttl)) {
			return Mono.just(this.figures);
		}
		Mono<Figures> read = read();
		return this.reading.updateAndGet((underWay) -> (underWay != null) ? underWay : read);
	}

	private Mono<Figures> read() {
		AtomicReference<Mono<Figures>> self = new AtomicReference<>();
		Mono<Figures> read = Mono.defer(() -> {
			long started = this.figures.readStarting();
			return Mono.zip(ensureStructure(), this.members.activeStandings().map(Figure::of).collectList())
				.map((both) -> this.figures.read(started, both.getT1(), both.getT2()));
		}).doFinally((signal) -> this.reading.compareAndSet(self.get(), null)).cache();
		self.set(read);
		return read;
	}

	/** What the overview needs of a member, and the version it is as of. */
	record Figure(String id, String enterpriseName, String pillar, Tier tier, boolean active, Instant decidedAt,
			long capacityTonnes, long version) {

		static Figure of(Member member) {
			return new Figure(member.id(), member.enterpriseName(), member.pillar(), member.tier(),
					member.status() == MemberStatus.ACTIVE, millis(member.decidedAt()), member.annualCapacityTonnes(),
					member.version());
		}

		static Figure of(MemberRepository.Standing active) {
			return new Figure(active.id(), active.enterpriseName(), active.pillar(), active.tier(), true,
					millis(active.decidedAt()),
					(active.annualCapacityTonnes() != null) ? active.annualCapacityTonnes() : 0,
					(active.version() != null) ? active.version() : 0);
		}

		/**
		 * As the store keeps it, to the millisecond: a figure written here and one read
		 * back order the same.
		 */
		private static Instant millis(Instant at) {
			return (at != null) ? at.truncatedTo(ChronoUnit.MILLIS) : null;
		}

		/** Whether the two differ in nothing but capacity. */
		boolean sameStanding(Figure other) {
			return this.active == other.active && Objects.equals(this.pillar, other.pillar) && this.tier == other.tier
					&& Objects.equals(this.decidedAt, other.decidedAt)
					&& Objects.equals(this.enterpriseName, other.enterpriseName);
		}

	}

	/**
	 * Every member's figure as of the last read, changed since by this replica's writes,
	 * with the overview and the leads worked out from them. A capacity change moves the
	 * overview's totals; any other change has both worked out again, once, when next
	 * asked. One lock: writes are a member's change, a read's end or a seed, each short.
	 */
	static final class Figures {

		private AllianceStructure structure;

		private final Map<String, Figure> byId = new HashMap<>();

		/** Figures written while a read is under way: the read's result is older. */
		private Map<String, Figure> writtenDuringRead;

		/** When the store was last read (System.nanoTime); null before the first read. */
		private Long readAt;

		/** Raised by a seed: a read begun before it is not kept. */
		private long generation;

		private AllianceOverview overview;

		private Map<String, String> leads;

		synchronized boolean fresh(Duration ttl) {
			return this.readAt != null && System.nanoTime() - this.readAt < ttl.toNanos();
		}

		/** A read of the store begins: figures written from now on are kept over it. */
		synchronized long readStarting() {
			this.writtenDuringRead = new HashMap<>();
			return this.generation;
		}

		/**
		 * The read, with what was written while it was under way, replaces the figures. A
		 * read begun before a seed is used, but read again at the next request.
		 */
		synchronized Figures read(long startedAt, AllianceStructure structure, List<Figure> read) {
			Map<String, Figure> during = (this.writtenDuringRead != null) ? this.writtenDuringRead : Map.of();
			this.byId.clear();
			read.forEach((figure) -> this.byId.put(figure.id(), figure));
			during.values().forEach(this::keepNewer);
			this.writtenDuringRead = null;
			this.structure = structure;
			this.readAt = (startedAt == this.generation) ? System.nanoTime() : null;
			this.overview = null;
			this.leads = null;
			return this;
		}

		synchronized void set(Figure changed) {
			if (this.writtenDuringRead != null) {
				this.writtenDuringRead.merge(changed.id(), changed, Figures::newer);
			}
			Figure known = this.byId.get(changed.id());
			if (!keepNewer(changed)) {
				return;
			}
			if (known != null && known.sameStanding(changed) && this.overview != null) {
				if (changed.active()) {
					this.overview = withCapacityChange(this.overview, changed.pillar(),
							changed.capacityTonnes() - known.capacityTonnes());
				}
				// the leads stand as they were
				return;
			}
			this.overview = null;
			this.leads = null;
		}

		/** Read every figure again at the next request (a seed wrote many at once). */
		synchronized void forget() {
			this.generation++;
			this.readAt = null;
			this.writtenDuringRead = null;
		}

		synchronized AllianceOverview overview() {
			if (this.overview == null) {
				this.overview = summarize();
			}
			return this.overview;
		}

		synchronized Map<String, String> leads() {
			if (this.leads == null) {
				Map<String, String> worked = new HashMap<>();
				byPillar().forEach((pillar, inPillar) -> {
					Figure lead = lead(inPillar);
					if (lead != null) {
						worked.put(pillar, lead.id());
					}
				});
				this.leads = worked;
			}
			return this.leads;
		}

		private boolean keepNewer(Figure changed) {
			Figure known = this.byId.get(changed.id());
			if (known != null && known.version() >= changed.version()) {
				return false;
			}
			this.byId.put(changed.id(), changed);
			return true;
		}

		private static Figure newer(Figure one, Figure other) {
			return (other.version() > one.version()) ? other : one;
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
				.min(Comparator.comparing(Figure::decidedAt, Comparator.nullsLast(Comparator.naturalOrder()))
					.thenComparing(Figure::id))
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

		private static AllianceOverview withCapacityChange(AllianceOverview overview, String pillar, long change) {
			List<AllianceOverview.PillarSummary> pillars = overview.pillars()
				.stream()
				.map((summary) -> summary.code().equals(pillar)
						? new AllianceOverview.PillarSummary(summary.code(), summary.name(), summary.nameEn(),
								summary.lead(), summary.memberCount(), summary.capacityTonnes() + change)
						: summary)
				.toList();
			return new AllianceOverview(overview.name(), overview.model(), overview.partyCommittee(), pillars,
					overview.memberTotal(), overview.capacityTotalTonnes() + change);
		}

	}

}
