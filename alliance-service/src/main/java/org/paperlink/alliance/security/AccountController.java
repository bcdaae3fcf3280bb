package org.paperlink.alliance.security;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.paperlink.alliance.audit.AuditTrail;
import org.paperlink.alliance.validation.PasswordPolicy;
import org.paperlink.platform.Refusal;
import org.paperlink.platform.KnownCode;
import org.paperlink.platform.Role;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
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
	@Operation(summary = "修改密码 Change password",
			description = "Signed in. The current password, and a new one of 8 to 64 characters with a letter and a "
					+ "digit. Every token of the account stops working, this one included: sign in again.")
	Mono<ResponseEntity<Void>> changePassword(@Valid @RequestBody PasswordChange change) {
		return SignedInUser.current()
			.flatMap((user) -> this.accounts.changePassword(user.username(), change.currentPassword(),
					change.newPassword()))
			.flatMap((account) -> this.audit.record("account.password-changed", "account", account.username(), null,
					Map.of("tokenVersion", account.version())))
			.thenReturn(ResponseEntity.noContent().build());
	}

	@PutMapping("/api/v1/accounts/{username}/roles")
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

	record RoleChange(@NotEmpty @Size(max = 4) List<@KnownCode(Role.class) String> roles) {

	}

}
