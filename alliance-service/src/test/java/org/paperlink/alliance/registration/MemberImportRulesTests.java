package org.paperlink.alliance.registration;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.paperlink.alliance.domain.Change;
import org.paperlink.events.RosterImported;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A roster import's confirmation, decided without Spring, a store or HTTP: what the
 * secretariat is told, and what a confirmation interrupted part-way keeps for the next.
 */
class MemberImportRulesTests {

	private static final Instant UPLOADED = Instant.parse("2026-12-08T01:00:00Z");

	private final MemberImport preview = new MemberImport("imp-1", "成员名册.xlsx", "secretariat", UPLOADED,
			UPLOADED.plusSeconds(3600), MemberImport.Status.PREVIEW, List.of(), List.of(), 2);

	private static MemberImport.Outcome created(int row, String memberId) {
		return new MemberImport.Outcome(row, "企业" + row, memberId, "user" + row, null);
	}

	private static MemberImport.Outcome refused(int row) {
		return new MemberImport.Outcome(row, "企业" + row, null, null, "统一社会信用代码已被使用");
	}

	@Test
	void confirmingTakesThePreviewSoThatASecondConfirmationFindsItTaken() {
		Change<MemberImport> taken = this.preview.confirming();

		assertThat(taken.state().status()).isEqualTo(MemberImport.Status.CONFIRMED);
		assertThat(taken.events()).isEmpty();
	}

	@Test
	void aConfirmationTellsTheSecretariatOnceHowManyRowsBecameMembersAndHowManyDidNot() {
		Instant at = UPLOADED.plusSeconds(600);

		Change<MemberImport> confirmed = this.preview.confirming()
			.state()
			.confirmed(List.of(created(2, "m-2"), refused(3), created(4, "m-4")), "secretary-wang", at);

		assertThat(confirmed.state().status()).isEqualTo(MemberImport.Status.CONFIRMED);
		assertThat(confirmed.state().outcomes()).hasSize(3);
		assertThat(confirmed.events()).singleElement()
			.isEqualTo(new RosterImported("imp-1", "成员名册.xlsx", "secretary-wang", 2, 1, at));
	}

	@Test
	void anInterruptedConfirmationGoesBackToPreviewAndKnowsTheMembersItAlreadyCreated() {
		MemberImport recorded = this.preview.confirming().state().recorded(created(2, "m-2")).state();

		MemberImport interrupted = recorded.interrupted().state();

		assertThat(interrupted.status()).isEqualTo(MemberImport.Status.PREVIEW);
		assertThat(interrupted.createdBefore(2)).map(MemberImport.Outcome::memberId).contains("m-2");
		assertThat(interrupted.createdBefore(3)).isEmpty();
	}

	@Test
	void aRowRecordedAgainReplacesItsOutcomeRatherThanCountingTwice() {
		MemberImport once = this.preview.recorded(created(2, "m-2")).state();

		MemberImport twice = once.recorded(created(2, "m-2b")).state();

		assertThat(twice.outcomes()).singleElement().extracting(MemberImport.Outcome::memberId).isEqualTo("m-2b");
	}

}
