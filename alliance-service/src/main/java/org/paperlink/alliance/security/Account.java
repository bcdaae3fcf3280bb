package org.paperlink.alliance.security;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Sign-in credentials, addressed by username. A member's account points at its
 * enterprise; the enterprise's status decides whether the account may sign in, so
 * approving an application is a single write of the member document.
 */
@Document(Account.COLLECTION)
record Account(@Id String username, String passwordHash, List<String> roles, String memberId, Instant createdAt) {

	static final String COLLECTION = "accounts";

}
