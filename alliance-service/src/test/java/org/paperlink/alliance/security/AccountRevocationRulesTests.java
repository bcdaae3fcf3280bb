package org.paperlink.alliance.security;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.paperlink.events.AccountTokensRevoked;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revoking an account's tokens, decided without Spring, a store or HTTP: which tokens go,
 * and what the other services are told.
 */
class AccountRevocationRulesTests {

	private static final Instant AT = Instant.parse("2026-12-08T02:00:00Z");

	private static Account account(Long tokenVersion) {
		return new Account("zhang", "{bcrypt}hash", List.of("MEMBER"), "m-1", AT.minusSeconds(86400), tokenVersion,
				null);
	}

	@Test
	void aRevocationVoidsEveryTokenIssuedSoFarByRaisingTheVersionByOne() {
		AccountRevocation revocation = AccountRevocation.of(account(4L), AccountRevocation.Reason.PASSWORD_CHANGED, AT);

		assertThat(revocation.tokenVersion()).isEqualTo(5);
		assertThat(revocation.id()).isEqualTo("zhang@5");
	}

	@Test
	void anAccountNeverRevokedStartsFromVersionZero() {
		AccountRevocation revocation = AccountRevocation.of(account(null), AccountRevocation.Reason.PASSWORD_RESET, AT);

		assertThat(revocation.tokenVersion()).isEqualTo(1);
	}

	@Test
	void twoAttemptsAtTheSameRevocationAreOneRecordSoTheOtherServicesHearOfItOnce() {
		AccountRevocation first = AccountRevocation.of(account(2L), AccountRevocation.Reason.ROLES_CHANGED, AT);
		AccountRevocation retried = AccountRevocation.of(account(2L), AccountRevocation.Reason.ROLES_CHANGED,
				AT.plusSeconds(1));

		assertThat(retried.id()).isEqualTo(first.id());
	}

	@Test
	void theEventTellsWhoseTokensWentFromWhichVersionAndWhy() {
		AccountRevocation revocation = AccountRevocation.of(account(0L), AccountRevocation.Reason.MEMBER_SUSPENDED, AT);

		assertThat(revocation.event()).isEqualTo(new AccountTokensRevoked("zhang", "m-1", 1, "MEMBER_SUSPENDED", AT));
	}

}
