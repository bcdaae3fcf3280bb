package org.paperlink.alliance.member;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.paperlink.alliance.domain.Change;
import org.paperlink.events.CapacityReported;
import org.paperlink.events.MemberApproved;
import org.paperlink.events.MemberRejected;
import org.paperlink.events.MemberUpdated;
import org.paperlink.platform.Refusal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A member's rules, decided without Spring, a store or HTTP. */
class MemberRulesTests {

	private static final Instant NOW = Instant.parse("2026-12-01T02:00:00Z");

	private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

	@Test
	void anApplicationIsApprovedOnceIntoAPillarAndTier() {
		Change<Member> approved = application().approve("PACKAGING_PRINTING", Tier.PILLAR_LEAD, "secretariat", NOW);
		assertThat(approved.state().status()).isEqualTo(MemberStatus.ACTIVE);
		assertThat(approved.state().pillar()).isEqualTo("PACKAGING_PRINTING");
		assertThat(approved.state().decidedBy()).isEqualTo("secretariat");
		assertThat(approved.events()).singleElement()
			.isEqualTo(new MemberApproved("m-1", "恒丰纸业", "PACKAGING_PRINTING", "PILLAR_LEAD", "li@hengfeng.cn",
					"secretariat", NOW));
		assertThatThrownBy(() -> approved.state().approve("PAPERMAKING", Tier.MEMBER, "secretariat", NOW))
			.isInstanceOfSatisfying(Refusal.class, (refusal) -> {
				assertThat(refusal.kind()).isEqualTo(Refusal.Kind.CONFLICT);
				assertThat(refusal.slug()).isEqualTo("registration-decided");
			});
	}

	@Test
	void aRejectedApplicationReleasesItsUscc() {
		Change<Member> rejected = application().reject("材料不全", "secretariat", NOW);
		assertThat(rejected.state().status()).isEqualTo(MemberStatus.REJECTED);
		assertThat(rejected.state().usccKey()).isEqualTo(Member.rejectedUsccKey("m-1"));
		assertThat(rejected.events()).singleElement().isInstanceOf(MemberRejected.class);
	}

	@Test
	void onlyAnActiveMemberIsSuspendedAndOnlyASuspendedOneReinstated() {
		Member active = active();
		Change<Member> suspended = active.suspend("环保整改", "secretariat", NOW);
		assertThat(suspended.state().status()).isEqualTo(MemberStatus.SUSPENDED);
		assertThat(suspended.events()).singleElement()
			.isInstanceOfSatisfying(MemberUpdated.class, (event) -> assertThat(event.reason()).isEqualTo("环保整改"));
		assertThatThrownBy(() -> suspended.state().suspend("again", "secretariat", NOW)).isInstanceOfSatisfying(
				Refusal.class, (refusal) -> assertThat(refusal.slug()).isEqualTo("member-not-suspendable"));
		assertThat(suspended.state().reinstate("secretariat", NOW).state().status()).isEqualTo(MemberStatus.ACTIVE);
		assertThatThrownBy(() -> active.reinstate("secretariat", NOW)).isInstanceOfSatisfying(Refusal.class,
				(refusal) -> assertThat(refusal.slug()).isEqualTo("member-not-suspended"));
	}

	@Test
	void aProfileChangeNamesWhatChangedAndNothingChangedIsRefused() {
		Member active = active();
		Change<Member> moved = active.changeProfile(null, " 苟堂村 ", null, null, "hengfeng", NOW);
		assertThat(moved.state().village()).isEqualTo("苟堂村");
		assertThat(moved.events()).singleElement()
			.isInstanceOfSatisfying(MemberUpdated.class,
					(event) -> assertThat(event.changedFields()).containsExactly("village"));
		assertThatThrownBy(() -> active.changeProfile(active.contact(), active.village(), null, null, "hengfeng", NOW))
			.isInstanceOfSatisfying(Refusal.class, (refusal) -> {
				assertThat(refusal.kind()).isEqualTo(Refusal.Kind.INVALID);
				assertThat(refusal.slug()).isEqualTo("nothing-to-change");
			});
	}

	@Test
	void aCapacityReportRaisesTheFigureOfItsProductAndSaysByHowMuch() {
		Change<Member> reported = active().reportCapacity(report("HIGH_STRENGTH_CORRUGATING", 370_000, TODAY), TODAY);
		assertThat(reported.state().capacitiesByCategory()).containsEntry("HIGH_STRENGTH_CORRUGATING", 370_000L)
			.containsEntry("LINERBOARD", 80_000L);
		assertThat(reported.state().annualCapacityTonnes()).isEqualTo(450_000);
		assertThat(reported.events()).singleElement().isInstanceOfSatisfying(CapacityReported.class, (event) -> {
			assertThat(event.previousAnnualTonnes()).isEqualTo(120_000);
			assertThat(event.changeTonnes()).isEqualTo(250_000);
			assertThat(event.pillarLeadMemberId()).isEqualTo("lead");
		});
	}

	@Test
	void aCapacityReportIsRefusedWithTheFieldAtFault() {
		Member active = active();
		assertRefused(() -> active.reportCapacity(report("HIGH_STRENGTH_CORRUGATING", 1, TODAY.minusYears(2)), TODAY),
				"effective-date-too-old", "effectiveFrom");
		assertRefused(() -> active.reportCapacity(report("HIGH_STRENGTH_CORRUGATING", 1, TODAY.plusYears(4)), TODAY),
				"effective-date-too-far", "effectiveFrom");
		assertRefused(() -> active.reportCapacity(report("TISSUE_PARENT_ROLL", 1, TODAY), TODAY),
				"category-not-produced", "category");
		assertRefused(() -> active.reportCapacity(report("HIGH_STRENGTH_CORRUGATING", 120_000, TODAY), TODAY),
				"capacity-unchanged", "annualTonnes");
		assertThatThrownBy(() -> application().reportCapacity(report("HIGH_STRENGTH_CORRUGATING", 1, TODAY), TODAY))
			.isInstanceOfSatisfying(Refusal.class,
					(refusal) -> assertThat(refusal.slug()).isEqualTo("member-not-active"));
	}

	@Test
	void aProjectFilesCapacityInAProductTheMemberDidNotMakeBefore() {
		Change<Member> filed = active().fileCapacity(report("TISSUE_PARENT_ROLL", 50_000, TODAY));
		assertThat(filed.state().produces()).contains("TISSUE_PARENT_ROLL");
		assertThat(filed.state().capacitiesByCategory()).containsEntry("TISSUE_PARENT_ROLL", 50_000L);
	}

	private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable rule, String slug,
			String field) {
		assertThatThrownBy(rule).isInstanceOfSatisfying(Refusal.class, (refusal) -> {
			assertThat(refusal.kind()).isEqualTo(Refusal.Kind.INVALID);
			assertThat(refusal.slug()).isEqualTo(slug);
			assertThat(refusal.field()).isEqualTo(field);
		});
	}

	private static CapacityReport report(String category, long tonnes, LocalDate from) {
		return new CapacityReport("r-1", category, tonnes, from, "EXPANSION", null, "hengfeng", NOW, "lead");
	}

	static Member application() {
		return new Member("m-1", "恒丰纸业", "91410183MA40000017", "91410183MA40000017", "PAPERMAKING", Tier.MEMBER,
				MemberStatus.PENDING, List.of("HIGH_STRENGTH_CORRUGATING", "LINERBOARD"), List.of("WASTE_PAPER"),
				200_000, new Contact("李经理", "13800000000", "li@hengfeng.cn"), "大隗村", "大隗镇工业园", "hengfeng", false, null,
				NOW, null, null, null, Map.of("HIGH_STRENGTH_CORRUGATING", 120_000L, "LINERBOARD", 80_000L), List.of(),
				3);
	}

	static Member active() {
		return application().approve("PAPERMAKING", Tier.MEMBER, "secretariat", NOW).state();
	}

}
