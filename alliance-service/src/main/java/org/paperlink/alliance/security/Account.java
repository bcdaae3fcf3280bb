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
 */
@Document(Account.COLLECTION)
record Account(@Id String username, String passwordHash, List<String> roles, String memberId, Instant createdAt,
		Long tokenVersion) {

	static final String COLLECTION = "accounts";

	long version() {
		return (this.tokenVersion != null) ? this.tokenVersion : 0;
	}

}
