package org.paperlink.alliance.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.MemberRepository;
import org.paperlink.alliance.member.MemberStatus;
import org.paperlink.alliance.outbox.AggregateStore;
import org.paperlink.platform.Refusal;
import org.paperlink.platform.Role;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Accounts: claiming a username for an applicant, and checking a password at sign-in. */
@Service
public class AccountService {

	/**
	 * How long an application may take to be written after its username is claimed: far
	 * longer than the milliseconds between the two writes.
	 */
	static final Duration UNWRITTEN_AFTER = Duration.ofMinutes(2);

	private final ReactiveMongoTemplate mongo;

	private final MemberRepository members;

	private final PasswordEncoder passwords;

	private final Clock clock;

	private final SecurityProperties properties;

	private final TokenRevocations revocations;

	private final AggregateStore store;

	private final RefreshTokens refreshTokens;

	private final LoginAttempts attempts;

	/**
	 * Checked against when the username is unknown, so a probe cannot tell users apart by
	 * timing.
	 */
	private final String dummyHash;

	AccountService(ReactiveMongoTemplate mongo, MemberRepository members, PasswordEncoder passwords, Clock clock,
			SecurityProperties properties, TokenRevocations revocations, AggregateStore store,
			RefreshTokens refreshTokens, LoginAttempts attempts) {
		this.mongo = mongo;
		this.attempts = attempts;
		this.store = store;
		this.refreshTokens = refreshTokens;
		this.properties = properties;
		this.revocations = revocations;
		this.members = members;
		this.passwords = passwords;
		this.clock = clock;
		this.dummyHash = passwords.encode("no-such-account-0");
	}

	/**
	 * Claims a username for an application. A username already taken stays taken, unless
	 * the application that held it was rejected or never got written (a crash between the
	 * two writes). An application not found is taken for never written only once its
	 * claim is older than {@link #UNWRITTEN_AFTER}: until then it may be one being
	 * written at this moment, whose enterprise would otherwise lose its login.
	 * @param initialPassword the password was given to the enterprise (a roster import),
	 * not chosen by it: it must be changed at first sign-in
	 */
	public Mono<Void> claimForApplicant(String username, String password, String memberId, boolean initialPassword) {
		return hash(password).flatMap((hash) -> {
			Account account = new Account(username, hash, List.of(Role.MEMBER.name()), memberId, this.clock.instant(),
					0L, initialPassword ? mustChangeBy() : null);
			return this.mongo.insert(account)
				.then()
				.onErrorResume(DuplicateKeyException.class, (ex) -> reclaim(account));
		});
	}

	/** Gives back a username claimed by an application that could not be written. */
	public Mono<Void> release(String username, String memberId) {
		return this.mongo
			.remove(Query.query(Criteria.where("_id").is(username).and("memberId").is(memberId)), Account.class)
			.then();
	}

	/**
	 * An administrator lifts a lock on a username at once (nothing to do if none holds).
	 */
	Mono<Void> unlock(String username) {
		return this.attempts.forget(username);
	}

	/** Whether any account holds the role. */
	Mono<Boolean> anyWith(Role role) {
		return this.mongo.exists(Query.query(Criteria.where("roles").is(role.name())), Account.class);
	}

	/**
	 * Creates a staff account with an initial password, to be changed at first sign-in;
	 * empty if the username is taken.
	 */
	Mono<Account> createStaff(String username, String initialPassword, List<Role> roles) {
		return hash(initialPassword)
			.map((hash) -> new Account(username, hash, roles.stream().map(Role::name).toList(), null,
					this.clock.instant(), 0L, mustChangeBy()))
			.flatMap(this.mongo::insert)
			.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.empty());
	}

	/**
	 * Creates or replaces an account with a password that need not be changed; for the
	 * demo alliance's accounts, whose passwords the README gives.
	 */
	public Mono<Void> upsert(String username, String password, List<Role> roles, String memberId) {
		return hash(password)
			.map((hash) -> new Account(username, hash, roles.stream().map(Role::name).toList(), memberId,
					this.clock.instant(), 0L, null))
			.flatMap(this.mongo::save)
			.then();
	}

	/**
	 * Whether the account exists and signs in with this password (no lockout counted).
	 */
	public Mono<Boolean> hasPassword(String username, String password) {
		return this.mongo.findById(username, Account.class)
			.flatMap((account) -> matches(password, account.passwordHash()))
			.defaultIfEmpty(false);
	}

	public Mono<Boolean> exists(String username) {
		return this.mongo.exists(Query.query(Criteria.where("_id").is(username)), Account.class);
	}

	/**
	 * The account whose password matches, or empty. The attempt is reserved first
	 * ({@link LoginAttempts}): a locked name, known or not, is refused (429) without a
	 * look at the password. Unknown users cost as much time as known ones.
	 */
	Mono<Account> authenticate(String username, String password) {
		return this.attempts.reserve(username)
			.then(Mono.defer(() -> this.mongo.findById(username, Account.class)
				.map(Optional::of)
				.defaultIfEmpty(Optional.empty())))
			.flatMap((found) -> matches(password, found.map(Account::passwordHash).orElse(this.dummyHash))
				.flatMap((ok) -> (ok && found.isPresent()) ? this.attempts.forget(username).thenReturn(found.get())
						: this.attempts.failed(username).then(Mono.<Account>empty())));
	}

	Mono<Account> account(String username) {
		return this.mongo.findById(username, Account.class);
	}

	/**
	 * Checks the current password, sets the new one and revokes every token of the
	 * account.
	 */
	Mono<Account> changePassword(String username, String currentPassword, String newPassword) {
		return account(username).switchIfEmpty(Mono.error(() -> Refusal.notFound("account-not-found", username)))
			// a wrong current password counts as a wrong sign-in: a stolen token cannot
			// guess it
			.flatMap((account) -> this.attempts.reserve(username)
				.then(matches(currentPassword, account.passwordHash()))
				.flatMap((ok) -> ok ? this.attempts.forget(username).thenReturn(account)
						: this.attempts.failed(username)
							.then(Mono.error(Refusal.invalid("wrong-password", "currentPassword")))))
			.flatMap((account) -> currentPassword.equals(newPassword)
					? Mono.error(Refusal.invalid("password-unchanged", "newPassword"))
					: hash(newPassword).flatMap((hash) -> revoke(account, AccountRevocation.Reason.PASSWORD_CHANGED,
							new Update().set("passwordHash", hash).unset("passwordMustChangeBy"))));
	}

	/**
	 * Gives a member's account a new initial password, revoking every token it holds;
	 * empty when the member has no account.
	 */
	public Mono<String> resetMemberPassword(String memberId, String initialPassword) {
		return resetPassword(memberId, initialPassword).map(Account::username);
	}

	/**
	 * As {@link #resetMemberPassword}, but only while the account still holds the initial
	 * password it was given: an account whose holder chose a password since keeps it
	 * (empty then).
	 */
	public Mono<String> resetInitialPassword(String memberId, String initialPassword) {
		return accountOf(memberId).filter(Account::mustChangePassword)
			.flatMap(AccountService::plainMember)
			.flatMap((account) -> giveInitialPassword(account, initialPassword))
			.map(Account::username);
	}

	/**
	 * A member's account may also hold a staff role (an administrator who is an
	 * enterprise's contact): the secretariat giving it a new password would hand the
	 * secretariat that role, so only a plain member account is reset.
	 */
	Mono<Account> resetPassword(String memberId, String initialPassword) {
		return accountOf(memberId).flatMap(AccountService::plainMember)
			.flatMap((account) -> giveInitialPassword(account, initialPassword));
	}

	/**
	 * An administrator gives any account a new initial password (a staff account whose
	 * initial password ran out, or that lost its password), revoking every token it
	 * holds.
	 */
	Mono<Account> resetAccountPassword(String username, String initialPassword) {
		return account(username).switchIfEmpty(Mono.error(() -> Refusal.notFound("account-not-found", username)))
			.flatMap((account) -> giveInitialPassword(account, initialPassword));
	}

	private Mono<Account> accountOf(String memberId) {
		return this.mongo.findOne(Query.query(Criteria.where("memberId").is(memberId)), Account.class);
	}

	/** The account, refused if it holds a staff role besides MEMBER. */
	private static Mono<Account> plainMember(Account account) {
		return account.roles().stream().allMatch(Role.MEMBER.name()::equals) ? Mono.just(account)
				: Mono.error(Refusal.forbidden("reset-staff-account", account.roles()));
	}

	/**
	 * The one way an account gets a password it did not choose: to be changed within the
	 * initial password's lifetime, every token revoked, any lock on its name lifted.
	 */
	private Mono<Account> giveInitialPassword(Account account, String initialPassword) {
		return hash(initialPassword)
			.flatMap((hash) -> revoke(account, AccountRevocation.Reason.PASSWORD_RESET,
					new Update().set("passwordHash", hash).set("passwordMustChangeBy", mustChangeBy())))
			.flatMap((reset) -> this.attempts.forget(reset.username()).thenReturn(reset));
	}

	/**
	 * Whether the account still holds an initial password that ran out: the first
	 * administrator's, for instance, when nobody signed in within the week.
	 */
	Mono<Boolean> holdsExpiredInitialPassword(String username) {
		return account(username).map((account) -> account.initialPasswordExpired(this.clock.instant()))
			.defaultIfEmpty(false);
	}

	/** Replaces an account's roles, revoking its tokens. */
	Mono<Account> changeRoles(String username, List<String> roles) {
		return account(username).switchIfEmpty(Mono.error(() -> Refusal.notFound("account-not-found", username)))
			.flatMap((account) -> {
				if (roles.contains(Role.MEMBER.name()) != (account.memberId() != null)) {
					return Mono.error(Refusal.invalid("member-role-mismatch", "roles"));
				}
				return revoke(account, AccountRevocation.Reason.ROLES_CHANGED, new Update().set("roles", roles));
			});
	}

	/**
	 * Revokes every token of an account whose used refresh token came back: a copy of it
	 * is in someone else's hands, and the access tokens issued from it go too.
	 */
	Mono<Account> revokeAfterReuse(String username) {
		return account(username)
			.flatMap((account) -> revoke(account, AccountRevocation.Reason.REFRESH_TOKEN_REUSED, new Update()));
	}

	/** Revokes every token of the accounts of a member (on its suspension). */
	public Mono<Void> revokeMember(String memberId) {
		return this.mongo.find(Query.query(Criteria.where("memberId").is(memberId)), Account.class)
			.concatMap((account) -> revoke(account, AccountRevocation.Reason.MEMBER_SUSPENDED, new Update()))
			.then();
	}

	/**
	 * Applies {@code update} and raises the account's token version, voiding every token
	 * and refresh token it holds. The revocation is written first, through the store, so
	 * that the other services hear of it even if this process dies before the account is
	 * updated: they then refuse tokens this service still takes until the change is made
	 * again, never the other way round.
	 */
	private Mono<Account> revoke(Account account, AccountRevocation.Reason reason, Update update) {
		AccountRevocation revocation = AccountRevocation.of(account, reason, this.clock.instant());
		Query unchanged = byUsername(account.username()).addCriteria(
				Criteria.where("tokenVersion").is((account.tokenVersion() != null) ? account.tokenVersion() : null));
		return this.store.insert(revocation, List.of(revocation.event()))
			// announced by an attempt interrupted before it updated the account
			.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.just(revocation))
			.then(this.mongo.findAndModify(unchanged, update.set("tokenVersion", revocation.tokenVersion()),
					FindAndModifyOptions.options().returnNew(true), Account.class))
			.switchIfEmpty(Mono.error(() -> Refusal.conflict("concurrent-change")))
			.flatMap((updated) -> this.refreshTokens.revokeAll(updated.username()).thenReturn(updated))
			.doOnNext((updated) -> this.revocations.forget());
	}

	private Instant mustChangeBy() {
		return this.clock.instant().plus(this.properties.initialPasswordLifetime());
	}

	private static Query byUsername(String username) {
		return Query.query(Criteria.where("_id").is(username));
	}

	Mono<Member> member(Account account) {
		return (account.memberId() != null) ? this.members.findById(account.memberId()) : Mono.empty();
	}

	private Mono<Void> reclaim(Account account) {
		return this.mongo.findById(account.username(), Account.class)
			.flatMap((existing) -> reclaimable(existing)
				.flatMap((free) -> free ? replace(existing, account).thenReturn(true) : this.<Boolean>taken()))
			// the claim that collided is gone already: the username is free
			.switchIfEmpty(Mono.defer(() -> this.mongo.insert(account).thenReturn(true)))
			.onErrorResume(DuplicateKeyException.class, (ex) -> taken())
			.then();
	}

	private Mono<Boolean> reclaimable(Account holder) {
		if (holder.memberId() == null) {
			return Mono.just(false);
		}
		return this.members.findById(holder.memberId())
			.map((member) -> member.status() == MemberStatus.REJECTED)
			.defaultIfEmpty(neverWritten(holder));
	}

	private boolean neverWritten(Account holder) {
		return holder.createdAt() == null || holder.createdAt().isBefore(this.clock.instant().minus(UNWRITTEN_AFTER));
	}

	/**
	 * Gives the username to the new applicant: the stale claim removed only while it is
	 * still the one seen, then the new claim written; whoever else got in between wins.
	 */
	private Mono<Void> replace(Account existing, Account account) {
		Query stillHeld = Query
			.query(Criteria.where("_id").is(existing.username()).and("memberId").is(existing.memberId()));
		return this.mongo.remove(stillHeld, Account.class)
			.flatMap((removed) -> (removed.getDeletedCount() == 1) ? this.mongo.insert(account).then()
					: this.<Void>taken());
	}

	private <T> Mono<T> taken() {
		return Mono.error(Refusal.conflictOn("username-taken", "username"));
	}

	private Mono<String> hash(String password) {
		return Mono.fromCallable(() -> this.passwords.encode(password)).subscribeOn(Schedulers.boundedElastic());
	}

	private Mono<Boolean> matches(String password, String hash) {
		return Mono.fromCallable(() -> this.passwords.matches(password, hash)).subscribeOn(Schedulers.boundedElastic());
	}

}
