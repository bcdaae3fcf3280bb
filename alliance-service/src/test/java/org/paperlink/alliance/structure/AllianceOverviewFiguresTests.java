package org.paperlink.alliance.structure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.paperlink.alliance.member.Tier;
import org.paperlink.alliance.structure.AllianceOverviewService.Figure;
import org.paperlink.alliance.structure.AllianceOverviewService.Figures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overview as each change leaves it, without Spring or a store: a report moves its
 * pillar's total, and neither a late change nor a read of the store taken before a change
 * brings an older figure back.
 */
class AllianceOverviewFiguresTests {

	private static final Instant FOUNDED = Instant.parse("2022-01-01T00:00:00Z");

	private static final AllianceStructure STRUCTURE = AllianceStructure.defaults("大隗镇造纸产业联盟");

	private static Figure mill(String id, long capacity, long version) {
		return new Figure(id, "纸业" + id, "PAPERMAKING", Tier.MEMBER, true, FOUNDED, capacity, version);
	}

	private static Figure lead(String id, Instant admitted, boolean active, long version) {
		return new Figure(id, "龙头" + id, "PAPERMAKING", Tier.PILLAR_LEAD, active, admitted, 0, version);
	}

	private static Figures read(Figure... figures) {
		Figures read = new Figures();
		read.read(read.readStarting(), STRUCTURE, List.of(figures));
		return read;
	}

	private static AllianceOverview.PillarSummary papermaking(AllianceOverview overview) {
		return overview.pillars()
			.stream()
			.filter((pillar) -> "PAPERMAKING".equals(pillar.code()))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void aCapacityReportMovesItsPillarAndTheAllianceTotalByTheChange() {
		Figures figures = read(mill("m1", 250_000, 3), mill("m2", 100_000, 1));
		assertThat(papermaking(figures.overview()).capacityTonnes()).isEqualTo(350_000);

		figures.set(mill("m1", 500_000, 4));

		AllianceOverview after = figures.overview();
		assertThat(papermaking(after).capacityTonnes()).isEqualTo(600_000);
		assertThat(after.capacityTotalTonnes()).isEqualTo(600_000);
		assertThat(after.memberTotal()).isEqualTo(2);
	}

	@Test
	void aChangeHeardLateDoesNotUndoANewerOne() {
		Figures figures = read(mill("m1", 250_000, 3));
		figures.set(mill("m1", 500_000, 5));

		figures.set(mill("m1", 300_000, 4));

		assertThat(figures.overview().capacityTotalTonnes()).isEqualTo(500_000);
	}

	@Test
	void aReadOfTheStoreKeepsWhatThisReplicaWroteWhileItWasUnderWayAndNothingElse() {
		Figures figures = read(mill("m1", 250_000, 3), mill("gone", 900_000, 1));

		long started = figures.readStarting();
		figures.set(mill("m1", 500_000, 4));
		figures.read(started, STRUCTURE, List.of(mill("m1", 250_000, 3), mill("m2", 100_000, 1)));

		assertThat(figures.overview().capacityTotalTonnes()).as("m1 as written meanwhile, m2 as read, no 'gone'")
			.isEqualTo(600_000);
	}

	@Test
	void aPillarsLeadIsItsFirstAdmittedActiveLeadEnterprise() {
		Figures figures = read(lead("first", FOUNDED, true, 1), lead("second", FOUNDED.plusSeconds(86_400), true, 1),
				mill("m1", 100_000, 1));

		assertThat(figures.leads()).containsEntry("PAPERMAKING", "first");
		assertThat(papermaking(figures.overview()).lead().memberId()).isEqualTo("first");

		figures.set(lead("first", FOUNDED, false, 2));

		assertThat(figures.leads()).containsEntry("PAPERMAKING", "second");
		assertThat(figures.overview().memberTotal()).isEqualTo(2);
	}

	@Test
	void figuresAreServedOnlyOnceReadAndReadAgainAfterASeed() {
		Figures figures = new Figures();
		figures.set(mill("m1", 1, 1));
		assertThat(figures.fresh(Duration.ofHours(1))).isFalse();

		figures = read(mill("m1", 1, 1));
		assertThat(figures.fresh(Duration.ofHours(1))).isTrue();

		long started = figures.readStarting();
		figures.forget();
		figures.read(started, STRUCTURE, List.of(mill("m1", 1, 1)));
		assertThat(figures.fresh(Duration.ofHours(1))).as("a read begun before the seed").isFalse();
	}

}
