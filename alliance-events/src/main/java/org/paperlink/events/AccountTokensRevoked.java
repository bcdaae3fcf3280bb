package org.paperlink.events;

import java.time.Instant;

/**
 * Every token of an account issued before this moment is void: its password was changed
 * or reset, its roles changed, or its enterprise was suspended. Services that check
 * tokens themselves refuse any token whose {@code ver} claim is below
 * {@code tokenVersion}, and end the streams opened with one.
 *
 * @param memberId the account's enterprise; null for a staff account
 * @param tokenVersion the version new tokens carry from now on
 * @param reason {@code PASSWORD_CHANGED}, {@code PASSWORD_RESET}, {@code ROLES_CHANGED},
 * {@code MEMBER_SUSPENDED} or {@code REFRESH_TOKEN_REUSED}
 */
public record AccountTokensRevoked(String username, String memberId, long tokenVersion, String reason,
		Instant revokedAt) implements AllianceEvent {

	@Override
	public String key() {
		return this.username;
	}

	@Override
	public String subject() {
		return this.username;
	}

}
