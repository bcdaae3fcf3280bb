package org.paperlink.platform;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import reactor.core.publisher.Mono;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who is calling, read from the bearer token: username, roles and, for a member, its
 * enterprise.
 */
public record SignedInUser(String username, Set<Role> roles, String memberId) {

	public static final String ROLES_CLAIM = "roles";

	public static final String MEMBER_ID_CLAIM = "member_id";

	/**
	 * The account's token version when the token was issued: a revocation raises it, and
	 * every token below it is void.
	 */
	public static final String VERSION_CLAIM = "ver";

	/**
	 * Present and true on a token of an account still holding an initial password: such a
	 * token may only change it ({@link AccessMatrix.Rule#beforePasswordChange()}).
	 */
	public static final String PASSWORD_CHANGE_CLAIM = "pwd_change";

	/** Whether the token was issued to an account that must first change its password. */
	public static boolean mustChangePassword(Jwt jwt) {
		return Boolean.TRUE.equals(jwt.getClaims().get(PASSWORD_CHANGE_CLAIM));
	}

	/** The token version a token was issued under; 0 for a token without one. */
	public static long tokenVersion(Jwt jwt) {
		Object claimed = jwt.getClaims().get(VERSION_CLAIM);
		return (claimed instanceof Number number) ? number.longValue() : 0;
	}

	public static SignedInUser from(Jwt jwt) {
		List<String> claimed = jwt.getClaimAsStringList(ROLES_CLAIM);
		Set<Role> roles = EnumSet.noneOf(Role.class);
		if (claimed != null) {
			claimed.stream()
				.filter((name) -> java.util.Arrays.stream(Role.values()).anyMatch((role) -> role.name().equals(name)))
				.map(Role::valueOf)
				.forEach(roles::add);
		}
		return new SignedInUser(jwt.getSubject(), roles, jwt.getClaimAsString(MEMBER_ID_CLAIM));
	}

	/** The caller of the current request, or empty when anonymous. */
	public static Mono<SignedInUser> current() {
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull((context) -> context.getAuthentication())
			.filter(JwtAuthenticationToken.class::isInstance)
			.map((authentication) -> from(((JwtAuthenticationToken) authentication).getToken()));
	}

	public boolean has(Role role) {
		return this.roles.contains(role);
	}

	public boolean hasAny(Role... wanted) {
		for (Role role : wanted) {
			if (has(role)) {
				return true;
			}
		}
		return false;
	}

	/** True for the member itself: a MEMBER token bound to this enterprise. */
	public boolean isMember(String enterpriseId) {
		return has(Role.MEMBER) && enterpriseId != null && enterpriseId.equals(this.memberId);
	}

}
