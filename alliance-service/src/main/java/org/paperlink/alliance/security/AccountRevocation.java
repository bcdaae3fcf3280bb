package org.paperlink.alliance.security;

import java.time.Instant;

import org.paperlink.alliance.domain.Aggregate;
import org.paperlink.events.AccountTokensRevoked;

/**
 * The moment an account's tokens were revoked, written once through the store so that the
 * event telling the other services is published even if this process dies right after:
 * notification-service checks tokens itself and learns of a password change, a role
 * change or a suspension only from it. One per revocation, addressed by
 * {@code username@tokenVersion}, so that a revocation retried after an interruption is
 * announced once.
 *
 * @param tokenVersion the version tokens carry from now on: every lower one is void
 */
record AccountRevocation(String id, String username, String memberId, long tokenVersion, Reason reason,
		Instant revokedAt, long version) implements Aggregate {

	static final String COLLECTION = "account_revocations";

	enum Reason {

		PASSWORD_CHANGED, PASSWORD_RESET, ROLES_CHANGED, MEMBER_SUSPENDED,

		/** A used refresh token came back: someone holds a copy of the sign-in. */
		REFRESH_TOKEN_REUSED

	}

	/** Revokes the tokens {@code account} issued so far. */
	static AccountRevocation of(Account account, Reason reason, Instant at) {
		long next = account.version() + 1;
		return new AccountRevocation(account.username() + "@" + next, account.username(), account.memberId(), next,
				reason, at, 0);
	}

	AccountTokensRevoked event() {
		return new AccountTokensRevoked(this.username, this.memberId, this.tokenVersion, this.reason.name(),
				this.revokedAt);
	}

}
