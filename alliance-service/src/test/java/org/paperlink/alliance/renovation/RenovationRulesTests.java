package org.paperlink.alliance.renovation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.paperlink.alliance.domain.Change;
import org.paperlink.alliance.member.CapacityReport;
import org.paperlink.alliance.member.Contact;
import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.MemberStatus;
import org.paperlink.alliance.member.RenovationProject;
import org.paperlink.alliance.member.Tier;
import org.paperlink.events.CapacityReported;
import org.paperlink.events.RenovationStatusChanged;
import org.paperlink.platform.Refusal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The life of a renovation project, decided without Spring, a store or HTTP. */
class RenovationRulesTests {

	private static final Instant NOW = Instant.parse("2026-12-01T02:00:00Z");

	private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

	private static final CapacityReport PROMISED = new CapacityReport("r-1", "HIGH_STRENGTH_CORRUGATING", 0, TODAY,
			"RENOVATION", "p-1", "hengfeng", NOW, null);

	@Test
	void aProjectMovesOnlyAsItsStatusAllowsAndARefusalListsWhatIs() {
		Member member = withProject("PLANNED", null);
		Change<Member> approved = RenovationRules.move(member, "p-1", RenovationStatus.APPROVED, "批了", "secretariat",
				NOW, PROMISED);
		assertThat(RenovationRules.project(approved.state(), "p-1").status()).isEqualTo("APPROVED");
		assertThat(RenovationRules.project(approved.state(), "p-1").history()).hasSize(2);
		assertThat(approved.events()).singleElement().isInstanceOf(RenovationStatusChanged.class);
		assertThatThrownBy(() -> RenovationRules.move(member, "p-1", RenovationStatus.IN_PRODUCTION, null, "hengfeng",
				NOW, PROMISED))
			.isInstanceOfSatisfying(Refusal.class, (refusal) -> {
				assertThat(refusal.kind()).isEqualTo(Refusal.Kind.CONFLICT);
				assertThat(refusal.slug()).isEqualTo("illegal-transition");
				assertThat(refusal.properties()).containsEntry("allowed", List.of("APPROVED", "SUSPENDED"));
			});
	}

	@Test
	void aSuspendedProjectResumesOnlyToWhereItWas() {
		Change<Member> suspended = RenovationRules.move(withProject("UNDER_CONSTRUCTION", null), "p-1",
				RenovationStatus.SUSPENDED, "资金", "hengfeng", NOW, PROMISED);
		assertThat(RenovationRules.project(suspended.state(), "p-1").resumeTo()).isEqualTo("UNDER_CONSTRUCTION");
		assertThatThrownBy(() -> RenovationRules.move(suspended.state(), "p-1", RenovationStatus.APPROVED, null,
				"hengfeng", NOW, PROMISED))
			.isInstanceOf(Refusal.class);
		assertThat(RenovationRules
			.move(suspended.state(), "p-1", RenovationStatus.UNDER_CONSTRUCTION, null, "hengfeng", NOW, PROMISED)
			.state()
			.renovations()
			.get(0)
			.status()).isEqualTo("UNDER_CONSTRUCTION");
	}

	@Test
	void goingIntoProductionFilesTheCapacityTheProjectAddedInTheSameChange() {
		Change<Member> producing = RenovationRules.move(withProject("COMPLETED", null), "p-1",
				RenovationStatus.IN_PRODUCTION, null, "hengfeng", NOW, PROMISED);
		assertThat(producing.state().capacitiesByCategory()).containsEntry("HIGH_STRENGTH_CORRUGATING", 370_000L);
		assertThat(producing.events()).hasSize(2).last().isInstanceOfSatisfying(CapacityReported.class, (event) -> {
			assertThat(event.previousAnnualTonnes()).isEqualTo(120_000);
			assertThat(event.annualTonnes()).isEqualTo(370_000);
			assertThat(event.projectId()).isEqualTo("p-1");
		});
	}

	@Test
	void onlyAnActiveMemberRegistersAProjectAndItMustEndAfterItStarts() {
		RenovationProject backwards = project("PLANNED", null, TODAY.plusYears(1), TODAY);
		assertThatThrownBy(() -> RenovationRules.register(withProject("PLANNED", null), backwards))
			.isInstanceOfSatisfying(Refusal.class,
					(refusal) -> assertThat(refusal.field()).isEqualTo("plannedCompletion"));
		Member suspended = withProject("PLANNED", null).suspend("整改", "secretariat", NOW).state();
		assertThatThrownBy(() -> RenovationRules.register(suspended, project("PLANNED", null, TODAY, TODAY)))
			.isInstanceOfSatisfying(Refusal.class,
					(refusal) -> assertThat(refusal.slug()).isEqualTo("member-not-active"));
		assertThatThrownBy(() -> RenovationRules.project(suspended, "nope")).isInstanceOfSatisfying(Refusal.class,
				(refusal) -> assertThat(refusal.kind()).isEqualTo(Refusal.Kind.NOT_FOUND));
	}

	private static Member withProject(String status, String resumeTo) {
		return new Member("m-1", "恒丰纸业", "91410183MA40000017", "91410183MA40000017", "PAPERMAKING", Tier.MEMBER,
				MemberStatus.ACTIVE, List.of("HIGH_STRENGTH_CORRUGATING"), List.of("WASTE_PAPER"), 120_000,
				new Contact("李经理", "13800000000", "li@hengfeng.cn"), "大隗村", "大隗镇工业园", "hengfeng", false, null, NOW, NOW,
				"secretariat", null, Map.of("HIGH_STRENGTH_CORRUGATING", 120_000L),
				List.of(project(status, resumeTo, TODAY, TODAY.plusYears(1))), 5);
	}

	private static RenovationProject project(String status, String resumeTo, LocalDate start, LocalDate completion) {
		return new RenovationProject("p-1", "年产25万吨高强瓦楞纸技改", "HIGH_STRENGTH_CORRUGATING", 250_000, 260_000_000,
				"PROVINCIAL", start, completion, status, resumeTo,
				List.of(new RenovationProject.StatusChange(null, "PLANNED", null, "hengfeng", NOW)), NOW, false);
	}

}
