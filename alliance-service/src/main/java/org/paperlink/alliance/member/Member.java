package org.paperlink.alliance.member;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.paperlink.alliance.domain.Aggregate;
import org.paperlink.alliance.domain.Change;
import org.paperlink.events.CapacityReported;
import org.paperlink.events.MemberApproved;
import org.paperlink.events.MemberRejected;
import org.paperlink.events.MemberUpdated;
import org.paperlink.platform.Refusal;

/**
 * An enterprise of the alliance, from its application onwards: the registration id
 * becomes the member id. It decides its own changes: each rule below returns the new
 * state with its events, or refuses; the
 * {@link org.paperlink.alliance.outbox.AggregateStore} writes them. Its capacity history
 * is kept apart, one record per report ({@link CapacityEntry}), so that the document does
 * not grow with the reports.
 *
 * @param usccKey the USCC while the enterprise holds it (PENDING, ACTIVE, SUSPENDED); a
 * rejected application releases it, so the enterprise may apply again
 * @param sample true for the fictional members of the demo alliance
 */
public record Member(String id, String enterpriseName, String uscc, String usccKey, String pillar, Tier tier,
		MemberStatus status, List<String> produces, List<String> consumes, long annualCapacityTonnes, Contact contact,
		String village, String address, String username, boolean sample, String note, Instant registeredAt,
		Instant decidedAt, String decidedBy, String rejectionReason, Map<String, Long> capacities,
		List<RenovationProject> renovations, long version) implements Aggregate {

	public static final String COLLECTION = "members";

	/** Reports further back than this are corrections of history, not reports. */
	static final int MAX_YEARS_BACK = 1;

	static final int MAX_YEARS_AHEAD = 3;

	/**
	 * Annual capacity by category. A member written before capacities were kept per
	 * category has its whole declared capacity in its first product.
	 */
	/** Today's annual capacity over all its products. */
	public long totalCapacityTonnes() {
		return capacitiesByCategory().values().stream().mapToLong(Long::longValue).sum();
	}

	public Map<String, Long> capacitiesByCategory() {
		if (this.capacities != null) {
			return this.capacities;
		}
		if (this.produces == null || this.produces.isEmpty()) {
			return Map.of();
		}
		return Map.of(this.produces.get(0), this.annualCapacityTonnes);
	}

	public List<RenovationProject> renovationsOrEmpty() {
		return (this.renovations != null) ? this.renovations : List.of();
	}

	public static String rejectedUsccKey(String id) {
		return "REJECTED:" + id;
	}

	/** The secretariat admits the applicant, in a pillar and tier. */
	public Change<Member> approve(String pillar, Tier tier, String by, Instant at) {
		requirePending();
		Member approved = with((draft) -> {
			draft.status = MemberStatus.ACTIVE;
			draft.pillar = pillar;
			draft.tier = tier;
			draft.decidedAt = at;
			draft.decidedBy = by;
		});
		return Change.of(approved,
				new MemberApproved(this.id, this.enterpriseName, pillar, tier.name(), email(), by, at));
	}

	/** The secretariat turns the application down; its USCC is free to apply again. */
	public Change<Member> reject(String reason, String by, Instant at) {
		requirePending();
		Member rejected = with((draft) -> {
			draft.status = MemberStatus.REJECTED;
			draft.usccKey = rejectedUsccKey(this.id);
			draft.rejectionReason = reason;
			draft.decidedAt = at;
			draft.decidedBy = by;
		});
		return Change.of(rejected, new MemberRejected(this.id, this.enterpriseName, reason, email(), by, at));
	}

	public Change<Member> suspend(String reason, String by, Instant at) {
		return moveTo(MemberStatus.ACTIVE, MemberStatus.SUSPENDED, "member-not-suspendable", reason, by, at);
	}

	public Change<Member> reinstate(String by, Instant at) {
		return moveTo(MemberStatus.SUSPENDED, MemberStatus.ACTIVE, "member-not-suspended", null, by, at);
	}

	/**
	 * The member edits its own profile; a field left null stays. Nothing changed is
	 * refused.
	 */
	public Change<Member> changeProfile(Contact contact, String village, String address, List<String> consumes,
			String by, Instant at) {
		List<String> changed = new ArrayList<>();
		Member edited = with((draft) -> {
			if (contact != null && !contact.equals(this.contact)) {
				draft.contact = contact;
				changed.add("contact");
			}
			if (village != null && !village.strip().equals(this.village)) {
				draft.village = village.strip();
				changed.add("village");
			}
			if (address != null && !address.strip().equals(this.address)) {
				draft.address = address.strip();
				changed.add("address");
			}
			if (consumes != null && !consumes.equals(this.consumes)) {
				draft.consumes = List.copyOf(consumes);
				changed.add("consumes");
			}
		});
		if (changed.isEmpty()) {
			throw Refusal.invalid("nothing-to-change");
		}
		return Change.of(edited, new MemberUpdated(this.id, this.enterpriseName, this.pillar, this.status.name(),
				changed, null, by, at, edited.email()));
	}

	/**
	 * The member reports a new annual capacity of one of its products, effective from a
	 * date no more than a year back and three years ahead of {@code today}.
	 */
	public Change<Member> reportCapacity(CapacityReport report, LocalDate today) {
		if (report.effectiveFrom().isBefore(today.minusYears(MAX_YEARS_BACK))) {
			throw Refusal.invalid("effective-date-too-old", "effectiveFrom", today.minusYears(MAX_YEARS_BACK));
		}
		if (report.effectiveFrom().isAfter(today.plusYears(MAX_YEARS_AHEAD))) {
			throw Refusal.invalid("effective-date-too-far", "effectiveFrom", today.plusYears(MAX_YEARS_AHEAD));
		}
		if (this.status != MemberStatus.ACTIVE) {
			throw Refusal.conflict("member-not-active", this.status);
		}
		if (!this.produces.contains(report.category())) {
			throw Refusal.invalid("category-not-produced", "category", report.category(),
					String.join(", ", this.produces));
		}
		long current = capacitiesByCategory().getOrDefault(report.category(), 0L);
		if (current == report.annualTonnes()) {
			throw Refusal.invalid("capacity-unchanged", "annualTonnes", current);
		}
		return fileCapacity(report);
	}

	/**
	 * Files a capacity figure without a member's checks: a renovation project going into
	 * production files what it promised, in a product the member may not have made
	 * before.
	 */
	public Change<Member> fileCapacity(CapacityReport report) {
		long previous = capacitiesByCategory().getOrDefault(report.category(), 0L);
		Map<String, Long> capacities = new LinkedHashMap<>(capacitiesByCategory());
		capacities.put(report.category(), report.annualTonnes());
		List<String> produces = new ArrayList<>(this.produces);
		if (!produces.contains(report.category())) {
			produces.add(report.category());
		}
		Member filed = with((draft) -> {
			draft.capacities = capacities;
			draft.annualCapacityTonnes = capacities.values().stream().mapToLong(Long::longValue).sum();
			draft.produces = produces;
		});
		return Change.of(filed,
				new CapacityReported(report.reportId(), this.id, this.enterpriseName, this.pillar,
						report.pillarLeadMemberId(), report.category(), previous, report.annualTonnes(),
						report.annualTonnes() - previous, report.effectiveFrom(), report.reason(), report.projectId(),
						report.reportedBy(), report.reportedAt()));
	}

	/**
	 * The same member with other renovation projects; the renovation rules decide which.
	 */
	public Member withRenovations(List<RenovationProject> projects) {
		return with((draft) -> draft.renovations = List.copyOf(projects));
	}

	private Change<Member> moveTo(MemberStatus from, MemberStatus to, String refusal, String reason, String by,
			Instant at) {
		if (this.status != from) {
			throw Refusal.conflict(refusal, this.status);
		}
		return Change.of(with((draft) -> draft.status = to), new MemberUpdated(this.id, this.enterpriseName,
				this.pillar, to.name(), List.of("status"), reason, by, at, email()));
	}

	private void requirePending() {
		if (this.status != MemberStatus.PENDING) {
			throw Refusal.conflict("registration-decided", this.status);
		}
	}

	private String email() {
		return (this.contact != null) ? this.contact.email() : null;
	}

	private Member with(java.util.function.Consumer<Draft> edit) {
		Draft draft = new Draft(this);
		edit.accept(draft);
		return draft.build();
	}

	/** A member's fields while a rule changes some of them. */
	private static final class Draft {

		private final Member from;

		String pillar;

		Tier tier;

		MemberStatus status;

		String usccKey;

		List<String> produces;

		List<String> consumes;

		long annualCapacityTonnes;

		Contact contact;

		String village;

		String address;

		Instant decidedAt;

		String decidedBy;

		String rejectionReason;

		Map<String, Long> capacities;

		List<RenovationProject> renovations;

		Draft(Member from) {
			this.from = from;
			this.pillar = from.pillar;
			this.tier = from.tier;
			this.status = from.status;
			this.usccKey = from.usccKey;
			this.produces = from.produces;
			this.consumes = from.consumes;
			this.annualCapacityTonnes = from.annualCapacityTonnes;
			this.contact = from.contact;
			this.village = from.village;
			this.address = from.address;
			this.decidedAt = from.decidedAt;
			this.decidedBy = from.decidedBy;
			this.rejectionReason = from.rejectionReason;
			this.capacities = from.capacities;
			this.renovations = from.renovations;
		}

		Member build() {
			Member m = this.from;
			return new Member(m.id, m.enterpriseName, m.uscc, this.usccKey, this.pillar, this.tier, this.status,
					this.produces, this.consumes, this.annualCapacityTonnes, this.contact, this.village, this.address,
					m.username, m.sample, m.note, m.registeredAt, this.decidedAt, this.decidedBy, this.rejectionReason,
					this.capacities, this.renovations, m.version);
		}

	}

}
