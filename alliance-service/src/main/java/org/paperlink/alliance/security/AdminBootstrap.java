package org.paperlink.alliance.security;

import java.util.List;
import java.util.Map;

import org.paperlink.alliance.audit.AuditTrail;
import org.paperlink.platform.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The first administrator of an installation where nothing is seeded (production):
 * created at start from {@code PAPERLINK_BOOTSTRAP_ADMIN_USERNAME} and
 * {@code PAPERLINK_BOOTSTRAP_ADMIN_PASSWORD} (from a Secret), and audited, only while no
 * account holds ADMIN. Its password is an initial one: changed at first sign-in, within a
 * week. Once an administrator exists it does nothing, unless that first administrator's
 * initial password ran out unchanged (then it is the Secret's again for another week), so
 * the Secret is removed after the administrator has signed in and changed the password;
 * further staff accounts are that administrator's to manage. On two replicas both may
 * try: the username is the account's id, so one creates it.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

	static final int MIN_PASSWORD_LENGTH = 12;

	private final AccountService accounts;

	private final AuditTrail audit;

	private final String username;

	private final String password;

	AdminBootstrap(AccountService accounts, AuditTrail audit,
			@Value("${paperlink.bootstrap-admin.username:admin}") String username,
			@Value("${paperlink.bootstrap-admin.password:}") String password) {
		this.accounts = accounts;
		this.audit = audit;
		this.username = username;
		this.password = password;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.password.isBlank()) {
			return;
		}
		if (this.password.length() < MIN_PASSWORD_LENGTH) {
			// a production secret this weak is a mistake to stop at, not to carry on with
			throw new IllegalStateException("PAPERLINK_BOOTSTRAP_ADMIN_PASSWORD must have at least "
					+ MIN_PASSWORD_LENGTH + " characters; the first administrator was not created");
		}
		bootstrap().toFuture().join();
	}

	Mono<Boolean> bootstrap() {
		return this.accounts.anyWith(Role.ADMIN).flatMap((present) -> {
			if (present) {
				return renewIfExpired();
			}
			return this.accounts.createStaff(this.username, this.password, List.of(Role.ADMIN))
				.flatMap((created) -> this.audit
					.recordAs("bootstrap", "admin-bootstrapped", "account", this.username,
							Map.of("roles", List.of(Role.ADMIN.name())))
					.thenReturn(true))
				.doOnNext((created) -> log.warn(
						"First administrator '{}' created from PAPERLINK_BOOTSTRAP_ADMIN_PASSWORD: sign in, change the "
								+ "password, then remove the secret",
						this.username))
				.defaultIfEmpty(false);
		});
	}

	/**
	 * The first administrator created from the Secret, whose initial password ran out
	 * before anyone signed in with it: with the Secret still set, it gets the Secret's
	 * password again for another week (audited), since nobody else could reset it.
	 */
	private Mono<Boolean> renewIfExpired() {
		return this.accounts.holdsExpiredInitialPassword(this.username).flatMap((expired) -> {
			if (!expired) {
				log.info("An administrator exists; PAPERLINK_BOOTSTRAP_ADMIN_PASSWORD is not needed any more");
				return Mono.just(false);
			}
			log.warn("The initial password of '{}' ran out unchanged: it is the secret's again, for another week",
					this.username);
			return this.accounts.resetAccountPassword(this.username, this.password)
				.flatMap((renewed) -> this.audit.recordAs("bootstrap", "admin-initial-password-renewed", "account",
						this.username, Map.of()))
				.thenReturn(true);
		});
	}

}
