package org.paperlink.alliance.registration;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A roster file the secretariat uploaded: each row read and checked (the preview), and,
 * once confirmed, what became of each row. Initial passwords are never stored: they are
 * shown once, in the answer to the confirmation.
 */
@Document(MemberImport.COLLECTION)
record MemberImport(@Id String id, String fileName, String uploadedBy, Instant uploadedAt, Instant expiresAt,
		Status status, List<Row> rows, List<Outcome> outcomes) {

	static final String COLLECTION = "member_imports";

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
