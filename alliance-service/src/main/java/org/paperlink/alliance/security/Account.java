package org.paperlink.alliance.security;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Sign-in credentials, addressed by username. A member's account points at its
 * enterprise; the enterprise's status decides whether the account may sign in, so
 * approving an application is a single write of the member document.
 *
 * @param tokenVersion every token carries the version it was issued under; bumping it
 * (password or role change, suspension) revokes them all
 * @param passwordMustChangeBy set while the account holds an initial password (one it was
 * given, not one it chose): until it is changed, its tokens may only change it, and after
 * this moment it no longer signs in at all
 */
@Document(Account.COLLECTION)
record Account(@Id String username, String passwordHash, List<String> roles, String memberId, Instant createdAt,
		Long tokenVersion, Instant passwordMustChangeBy) {

	static final String COLLECTION = "accounts";

	boolean mustChangePassword() {
		return this.passwordMustChangeBy != null;
	}

	/** Whether it still holds an initial password past its expiry. */
	boolean initialPasswordExpired(Instant now) {
		return mustChangePassword() && !now.isBefore(this.passwordMustChangeBy);
	}

	long version() {
		return (this.tokenVersion != null) ? this.tokenVersion : 0;
	}

}
