package org.paperlink.alliance.security;

import org.paperlink.platform.Problems;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.paperlink.alliance.audit.AuditTrail;
import org.paperlink.alliance.validation.PasswordPolicy;
import org.paperlink.alliance.validation.Usernames;
import org.paperlink.platform.Refusal;
import org.paperlink.platform.KnownCode;
import org.paperlink.platform.Role;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "账号 Accounts")
class AccountController {

	private final AccountService accounts;

	private final AuditTrail audit;

	AccountController(AccountService accounts, AuditTrail audit) {
		this.accounts = accounts;
		this.audit = audit;
	}

	@PostMapping("/api/v1/auth/password")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Problems({ HttpStatus.CONFLICT, HttpStatus.UNPROCESSABLE_ENTITY, HttpStatus.TOO_MANY_REQUESTS })
	@Operation(operationId = "changePassword", summary = "修改密码 Change password",
			description = "Signed in. The current password, and a new one of 8 to 64 characters with a letter and a "
					+ "digit. Every token of the account stops working, this one included: sign in again. A wrong current "
					+ "password counts as a wrong sign-in (429 login-locked past the limit).")
	Mono<ResponseEntity<Void>> changePassword(@Valid @RequestBody PasswordChange change) {
		return SignedInUser.current()
			.flatMap((user) -> this.accounts.changePassword(user.username(), change.currentPassword(),
					change.newPassword()))
			.flatMap((account) -> this.audit.record("account.password-changed", "account", account.username(), null,
					Map.of("tokenVersion", account.version())))
			.thenReturn(ResponseEntity.noContent().build());
	}

	@PostMapping("/api/v1/accounts")
	@ResponseStatus(HttpStatus.CREATED)
	@Problems({ HttpStatus.CONFLICT, HttpStatus.UNPROCESSABLE_ENTITY })
	@Operation(summary = "新建职员账号 Create a staff account",
			description = "ADMIN. A secretariat, Party committee or administrator account (never MEMBER: members "
					+ "register). Its initial password is in this answer only, never stored or shown again; "
					+ "the account holder changes it at first sign-in. 409 username-taken if the name is in use.")
	Mono<NewStaffAccount> createStaff(@Valid @RequestBody StaffAccount request) {
		if (request.roles().contains(Role.MEMBER.name())) {
			return Mono.error(Refusal.invalid("member-role-mismatch", "roles"));
		}
		String initialPassword = InitialPasswords.next();
		List<Role> roles = request.roles().stream().distinct().map(Role::valueOf).toList();
		return this.accounts.createStaff(request.username(), initialPassword, roles)
			.switchIfEmpty(Mono.error(() -> Refusal.conflictOn("username-taken", "username")))
			.flatMap((created) -> this.audit
				.record("account.created", "account", created.username(), null, Map.of("roles", created.roles()))
				.thenReturn(new NewStaffAccount(created.username(), created.roles(), initialPassword)));
	}

	@PostMapping("/api/v1/members/{id}/password-reset")
	@Problems({ HttpStatus.CONFLICT, HttpStatus.FORBIDDEN })
	@Operation(summary = "重置成员密码 Reset a member's password",
			description = "SECRETARIAT. The member's account gets a new initial password, in this answer only; every "
					+ "token it holds stops working. For an enterprise that lost its password, or whose initial "
					+ "password from an import was never seen. 403 reset-staff-account for an account that also holds a "
					+ "staff role: an administrator changes that one.")
	Mono<NewStaffAccount> resetMemberPassword(@PathVariable String id) {
		String initialPassword = InitialPasswords.next();
		return this.accounts.resetPassword(id, initialPassword)
			.switchIfEmpty(Mono.error(() -> Refusal.notFound("account-not-found", id)))
			.flatMap((account) -> this.audit
				.record("account.password-reset", "account", account.username(), null,
						Map.of("memberId", id, "tokenVersion", account.version()))
				.thenReturn(new NewStaffAccount(account.username(), account.roles(), initialPassword)));
	}

	@PostMapping("/api/v1/accounts/{username}/password-reset")
	@Problems({ HttpStatus.CONFLICT })
	@Operation(operationId = "resetAccountPassword", summary = "重置账号密码 Reset an account's password",
			description = "ADMIN. Any account (a staff account whose initial password expired, or that lost its "
					+ "password) gets a new initial password, in this answer only, to be changed at first sign-in "
					+ "within 7 days; every token it holds stops working. Audited.")
	Mono<NewStaffAccount> resetAccountPassword(
			@PathVariable @Pattern(regexp = Usernames.PATTERN, message = "{Username}") String username) {
		String initialPassword = InitialPasswords.next();
		return this.accounts.resetAccountPassword(username, initialPassword)
			.flatMap((account) -> this.audit
				.record("account.password-reset", "account", account.username(), null,
						Map.of("tokenVersion", account.version()))
				.thenReturn(new NewStaffAccount(account.username(), account.roles(), initialPassword)));
	}

	@PostMapping("/api/v1/accounts/{username}/unlock")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "unlockSignIn", summary = "解除登录锁定 Unlock sign-in",
			description = "ADMIN. Forgets the wrong passwords counted against a username, lifting its lock at once "
					+ "(a username is locked after repeated wrong passwords, whether or not it exists). Audited.")
	Mono<ResponseEntity<Void>> unlock(
			@PathVariable @Pattern(regexp = Usernames.PATTERN, message = "{Username}") String username) {
		return this.accounts.unlock(username)
			.then(this.audit.record("account.unlocked", "account", username, null, Map.of()))
			.thenReturn(ResponseEntity.noContent().build());
	}

	@PutMapping("/api/v1/accounts/{username}/roles")
	@Problems({ HttpStatus.CONFLICT, HttpStatus.UNPROCESSABLE_ENTITY })
	@Operation(summary = "设置角色 Set an account's roles",
			description = "ADMIN. Replaces the roles; a member's account keeps MEMBER, a staff account cannot take it. "
					+ "The account's tokens stop working.")
	Mono<Map<String, Object>> changeRoles(@PathVariable String username, @Valid @RequestBody RoleChange change) {
		return this.accounts.account(username)
			.flatMap((before) -> this.accounts.changeRoles(username, change.roles())
				.flatMap((after) -> this.audit
					.record("account.roles-changed", "account", username, Map.of("roles", before.roles()),
							Map.of("roles", after.roles()))
					.thenReturn(Map.<String, Object>of("username", username, "roles", after.roles()))))
			.switchIfEmpty(Mono.error(() -> Refusal.notFound("account-not-found", username)));
	}

	record PasswordChange(@NotBlank @Size(max = 128) String currentPassword,
			@NotBlank @PasswordPolicy String newPassword) {

	}

	record StaffAccount(@NotBlank @Pattern(regexp = Usernames.PATTERN, message = "{Username}") String username,
			@NotEmpty @Size(max = 4) List<@KnownCode(Role.class) String> roles) {

	}

	/** An account with the initial password it was just given, shown this once. */
	record NewStaffAccount(String username, List<String> roles, String initialPassword) {

	}

	record RoleChange(@NotEmpty @Size(max = 4) List<@KnownCode(Role.class) String> roles) {

	}

}
