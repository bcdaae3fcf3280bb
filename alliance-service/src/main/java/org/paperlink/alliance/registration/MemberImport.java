package org.paperlink.alliance.registration;

import java.time.Instant;
import java.util.List;

import org.paperlink.alliance.domain.Aggregate;
import org.paperlink.alliance.domain.Change;
import org.paperlink.events.RosterImported;

/**
 * A roster file the secretariat uploaded: each row read and checked (the preview), and,
 * once confirmed, what became of each row. Initial passwords are never stored: they are
 * shown once, in the answer to the confirmation.
 */
record MemberImport(String id, String fileName, String uploadedBy, Instant uploadedAt, Instant expiresAt, Status status,
		List<Row> rows, List<Outcome> outcomes, long version) implements Aggregate {

	static final String COLLECTION = "member_imports";

	/** Taken for confirmation: a second confirmation of the same preview is refused. */
	Change<MemberImport> confirming() {
		return Change.of(withStatus(Status.CONFIRMED));
	}

	/**
	 * A row became a member: recorded at once, so that a confirmation interrupted later
	 * knows it.
	 */
	Change<MemberImport> recorded(Outcome created) {
		List<Outcome> outcomes = new java.util.ArrayList<>(this.outcomes);
		outcomes.removeIf((outcome) -> outcome.row() == created.row());
		outcomes.add(created);
		return Change.of(with(this.status, outcomes));
	}

	/** The member a row became in an earlier, interrupted confirmation, if any. */
	java.util.Optional<Outcome> createdBefore(int row) {
		return this.outcomes.stream()
			.filter((outcome) -> outcome.row() == row && outcome.memberId() != null)
			.findFirst();
	}

	/** Confirmation failed part-way: the preview may be confirmed again. */
	Change<MemberImport> interrupted() {
		return Change.of(withStatus(Status.PREVIEW));
	}

	/**
	 * Confirmed: what became of each row, told to the secretariat once, in place of one
	 * "new application" per row.
	 */
	Change<MemberImport> confirmed(List<Outcome> outcomes, String confirmedBy, Instant at) {
		int created = (int) outcomes.stream().filter((outcome) -> outcome.memberId() != null).count();
		return Change.of(with(Status.CONFIRMED, List.copyOf(outcomes)),
				new RosterImported(this.id, this.fileName, confirmedBy, created, outcomes.size() - created, at));
	}

	private MemberImport withStatus(Status next) {
		return with(next, this.outcomes);
	}

	private MemberImport with(Status next, List<Outcome> nextOutcomes) {
		return new MemberImport(this.id, this.fileName, this.uploadedBy, this.uploadedAt, this.expiresAt, next,
				this.rows, nextOutcomes, this.version);
	}

	enum Status {

		PREVIEW, CONFIRMED

	}

	/**
	 * One row of the file: the application it makes (without a password) or what is
	 * wrong.
	 */
	record Row(int row, RegistrationRequest application, List<RowError> errors) {

		boolean valid() {
			return this.errors.isEmpty();
		}

	}

	/** What is wrong with a row, by field and by the column the secretariat sees. */
	record RowError(String field, String column, String message) {

	}

	/** A confirmed row: the member it became, or why it did not. */
	record Outcome(int row, String enterpriseName, String memberId, String username, String error) {

	}

}
