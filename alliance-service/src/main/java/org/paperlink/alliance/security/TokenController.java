package org.paperlink.alliance.security;

import org.springframework.http.HttpStatus;
import org.paperlink.platform.Problems;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.paperlink.alliance.audit.AuditTrail;
import org.paperlink.alliance.member.MemberStatus;
import org.paperlink.platform.BearerTokenProperties;
import org.paperlink.platform.Refusal;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.http.ResponseEntity;

@RestController
@Tag(name = "登录 Tokens")
class TokenController {

	private final AccountService accounts;

	private final RefreshTokens refreshTokens;

	private final JwtEncoder encoder;

	private final SigningKey signingKey;

	private final SecurityProperties properties;

	private final BearerTokenProperties names;

	private final AuditTrail audit;

	private final Clock clock;

	TokenController(AccountService accounts, RefreshTokens refreshTokens, JwtEncoder encoder, SigningKey signingKey,
			SecurityProperties properties, BearerTokenProperties names, AuditTrail audit, Clock clock) {
		this.names = names;
		this.audit = audit;
		this.clock = clock;
		this.accounts = accounts;
		this.refreshTokens = refreshTokens;
		this.encoder = encoder;
		this.signingKey = signingKey;
		this.properties = properties;
	}

	@PostMapping("/api/v1/auth/token")
	@Problems({ HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN })
	@Operation(summary = "登录取令牌 Sign in",
			description = "Public. Username and password give a short-lived JWT access token and a refresh token; "
					+ "401 for wrong credentials, 403 while the enterprise is not active, 429 with Retry-After while "
					+ "the account is locked after repeated wrong passwords. An account still holding an initial "
					+ "password (given by an administrator, the roster import or a reset) gets "
					+ "password_change_required true and a token that may only change the password (any other call: "
					+ "403 password-change-required); once the initial password is 7 days old it no longer signs in "
					+ "(403 initial-password-expired: the secretariat or an administrator resets it).")
	Mono<TokenResponse> token(@Valid @RequestBody TokenRequest request) {
		return this.accounts.authenticate(request.username(), request.password())
			.switchIfEmpty(Mono.error(() -> Refusal.unauthenticated("invalid-credentials")))
			.flatMap(this::mayUse)
			.flatMap((account) -> issue(account, this.refreshTokens.issue(account)));
	}

	@PostMapping("/api/v1/auth/refresh")
	@Problems({ HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN })
	@Operation(summary = "刷新令牌 Refresh",
			description = "Public. A refresh token gives a new access token and a new refresh token; each refresh token "
					+ "works once, and not after a password or role change or a suspension, nor past 90 days after the "
					+ "sign-in it descends from. A refresh token presented a second time (more than 10 s after its use) "
					+ "revokes every token of the account, access tokens included: everyone signed in to it signs in "
					+ "again.")
	Mono<TokenResponse> refresh(@Valid @RequestBody RefreshRequest request) {
		return this.refreshTokens.redeem(request.refreshToken())
			.flatMap((stored) -> this.accounts.account(stored.username())
				.filter((account) -> account.version() == stored.tokenVersion())
				.flatMap(this::mayUse)
				.flatMap((account) -> issue(account, this.refreshTokens.next(account, stored))))
			.onErrorResume(RefreshTokens.Reused.class, (reused) -> revokeAfterReuse(reused).then(Mono.empty()))
			.switchIfEmpty(Mono.error(() -> Refusal.unauthenticated("invalid-refresh-token")));
	}

	/**
	 * Every token of the account goes, audited. Revoked at the same moment by another
	 * request (a second copy, a password change): revoked all the same.
	 */
	private Mono<Void> revokeAfterReuse(RefreshTokens.Reused reused) {
		return this.accounts.revokeAfterReuse(reused.username())
			.onErrorResume(Refusal.class, (concurrent) -> Mono.empty())
			.then(this.audit.recordAs("anonymous", "account.refresh-token-reused", "account", reused.username(),
					Map.of()));
	}

	@PostMapping("/api/v1/auth/logout")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "signOut", summary = "退出登录 Sign out",
			description = "Public. The refresh token, and every one descended from the same sign-in, stops working. "
					+ "204 also for a token already signed out or unknown. The access token, which is not stored, "
					+ "runs out by itself within its 15 minutes: a client forgets it. A refresh token used already "
					+ "(a copy) ends every sign-in of the account, as on refresh.")
	Mono<ResponseEntity<Void>> signOut(@Valid @RequestBody RefreshRequest request) {
		return this.refreshTokens.signOut(request.refreshToken())
			.onErrorResume(RefreshTokens.Reused.class, this::revokeAfterReuse)
			.thenReturn(ResponseEntity.noContent().build());
	}

	@GetMapping("/.well-known/jwks.json")
	@Operation(summary = "签名公钥 JWKS", description = "Public. The keys that verify PaperLink tokens.")
	Map<String, Object> jwks() {
		return this.signingKey.publicKeys().toJSONObject();
	}

	/**
	 * Staff always; a member's account while its enterprise is active; neither with an
	 * initial password past its expiry.
	 */
	private Mono<Account> mayUse(Account account) {
		if (account.initialPasswordExpired(this.clock.instant())) {
			return Mono.error(
					Refusal.forbidden("initial-password-expired", this.properties.initialPasswordLifetime().toDays()));
		}
		return this.accounts.member(account)
			.flatMap((member) -> (member.status() == MemberStatus.ACTIVE) ? Mono.just(account)
					: Mono.error(Refusal.forbidden("member-not-active", member.status())))
			.switchIfEmpty(Mono.defer(() -> (account.memberId() == null) ? Mono.just(account)
					: Mono.error(Refusal.forbidden("member-not-active", MemberStatus.PENDING))));
	}

	private Mono<TokenResponse> issue(Account account, Mono<String> refreshToken) {
		Instant now = Instant.now();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer(this.names.issuer())
			.audience(List.of(this.names.audience()))
			.subject(account.username())
			.issuedAt(now)
			.expiresAt(now.plus(this.properties.accessTokenLifetime()))
			.id(UUID.randomUUID().toString())
			.claim(SignedInUser.ROLES_CLAIM, account.roles())
			.claim(SignedInUser.VERSION_CLAIM, account.version());
		if (account.memberId() != null) {
			claims.claim(SignedInUser.MEMBER_ID_CLAIM, account.memberId());
		}
		if (account.mustChangePassword()) {
			claims.claim(SignedInUser.PASSWORD_CHANGE_CLAIM, true);
		}
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(this.signingKey.rsaKey().getKeyID()).build();
		String token = this.encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
		return refreshToken.map((refresh) -> new TokenResponse(token, "Bearer",
				this.properties.accessTokenLifetime().toSeconds(), refresh, account.mustChangePassword()));
	}

	record TokenRequest(@NotBlank @Size(max = 64) String username, @NotBlank @Size(max = 128) String password) {

	}

	record RefreshRequest(@JsonProperty("refresh_token") @NotBlank @Size(max = 128) String refreshToken) {

	}

	/**
	 * @param passwordChangeRequired the account holds an initial password: the access
	 * token only changes it
	 */
	record TokenResponse(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
			@JsonProperty("expires_in") long expiresIn, @JsonProperty("refresh_token") String refreshToken,
			@JsonProperty("password_change_required") boolean passwordChangeRequired) {

	}

}
