package org.paperlink.alliance.security;

import java.time.Clock;
import java.util.List;

import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.MemberRepository;
import org.paperlink.alliance.member.MemberStatus;
import org.paperlink.platform.DomainProblem;
import org.paperlink.platform.Role;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Accounts: claiming a username for an applicant, and checking a password at sign-in. */
@Service
public class AccountService {

	private final ReactiveMongoTemplate mongo;

	private final MemberRepository members;

	private final PasswordEncoder passwords;

	private final Clock clock;

	/**
	 * Checked against when the username is unknown, so a probe cannot tell users apart by
	 * timing.
	 */
	private final String dummyHash;

	AccountService(ReactiveMongoTemplate mongo, MemberRepository members, PasswordEncoder passwords, Clock clock) {
		this.mongo = mongo;
		this.members = members;
		this.passwords = passwords;
		this.clock = clock;
		this.dummyHash = passwords.encode("no-such-account-0");
	}

	/**
	 * Claims a username for an application. A username already taken stays taken, unless
	 * the application that held it was rejected or never got written (a crash between the
	 * two writes).
	 */
	public Mono<Void> claimForApplicant(String username, String password, String memberId) {
		return hash(password).flatMap((hash) -> {
			Account account = new Account(username, hash, List.of(Role.MEMBER.name()), memberId, this.clock.instant());
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
	 * Creates or replaces an account; for seeding accounts that exist in every
	 * installation.
	 */
	public Mono<Void> upsert(String username, String password, List<Role> roles, String memberId) {
		return hash(password)
			.map((hash) -> new Account(username, hash, roles.stream().map(Role::name).toList(), memberId,
					this.clock.instant()))
			.flatMap(this.mongo::save)
			.then();
	}

	public Mono<Boolean> exists(String username) {
		return this.mongo.exists(Query.query(Criteria.where("_id").is(username)), Account.class);
	}

	/**
	 * The account whose password matches, or empty. Unknown users cost as much time as
	 * known ones.
	 */
	Mono<Account> authenticate(String username, String password) {
		return this.mongo.findById(username, Account.class)
			.flatMap((account) -> matches(password, account.passwordHash()).filter(Boolean::booleanValue)
				.map((ok) -> account))
			.switchIfEmpty(Mono.defer(() -> matches(password, this.dummyHash).then(Mono.empty())));
	}

	Mono<Member> member(Account account) {
		return (account.memberId() != null) ? this.members.findById(account.memberId()) : Mono.empty();
	}

	private Mono<Void> reclaim(Account account) {
		Mono<Account> holder = this.mongo.findById(account.username(), Account.class);
		return holder
			.flatMap((existing) -> (existing.memberId() == null) ? taken()
					: this.members.findById(existing.memberId())
						.map((member) -> member.status() == MemberStatus.REJECTED)
						.defaultIfEmpty(true)
						.flatMap((reclaimable) -> reclaimable ? replace(existing, account) : taken()))
			.switchIfEmpty(Mono.defer(() -> this.mongo.insert(account).then(Mono.empty())))
			.then();
	}

	private Mono<Void> replace(Account existing, Account account) {
		Query stillHeld = Query
			.query(Criteria.where("_id").is(existing.username()).and("memberId").is(existing.memberId()));
		return this.mongo.findAndReplace(stillHeld, account, FindAndReplaceOptions.none())
			.switchIfEmpty(Mono.defer(this::taken))
			.then();
	}

	private <T> Mono<T> taken() {
		return Mono.error(DomainProblem.onField(HttpStatus.CONFLICT, "username-taken", "username"));
	}

	private Mono<String> hash(String password) {
		return Mono.fromCallable(() -> this.passwords.encode(password)).subscribeOn(Schedulers.boundedElastic());
	}

	private Mono<Boolean> matches(String password, String hash) {
		return Mono.fromCallable(() -> this.passwords.matches(password, hash)).subscribeOn(Schedulers.boundedElastic());
	}

}
