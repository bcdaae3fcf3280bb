package org.paperlink.platform;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.authorization.AuthenticatedReactiveAuthorizationManager;
import org.springframework.security.authorization.AuthorityReactiveAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may make a request, decided by one lookup of its rule rather than by a chain of
 * matchers, each a reactive step: first the paths every service serves the same way
 * (health, metrics, the API description, the console's static files), then the access
 * matrix's row
 * ({@link AccessMatrix#ruleFor(org.springframework.web.server.ServerWebExchange)}, kept
 * on the exchange for the rate limit); anything else is refused.
 */
final class MatrixAuthorization implements ReactiveAuthorizationManager<AuthorizationContext> {

	private static final Mono<AuthorizationResult> GRANTED = Mono.just(new AuthorizationDecision(true));

	private static final Mono<AuthorizationResult> DENIED = Mono.just(new AuthorizationDecision(false));

	private static final ReactiveAuthorizationManager<AuthorizationContext> SIGNED_IN = AuthenticatedReactiveAuthorizationManager
		.authenticated();

	/** The infrastructure's paths: a null method is any, a null role anyone. */
	private static final List<Path> INFRASTRUCTURE = List.of(Path.open(null, "/actuator/health/**"),
			Path.open(null, "/actuator/prometheus"), Path.open(null, "/actuator/info"),
			Path.open(null, "/v3/api-docs/**"), Path.open(null, "/swagger-ui.html"), Path.open(null, "/swagger-ui/**"),
			Path.open(null, "/webjars/**"),
			// the web console's static files: each page asks the API, which checks the
			// token
			Path.open(HttpMethod.GET, "/"), Path.open(HttpMethod.GET, "/console/**"),
			Path.open(HttpMethod.GET, "/favicon.ico"), Path.open(HttpMethod.HEAD, "/"),
			Path.open(HttpMethod.HEAD, "/console/**"), Path.open(HttpMethod.HEAD, "/favicon.ico"),
			new Path(null, PathPatternParser.defaultInstance.parse("/actuator/**"), Role.ADMIN.name()));

	/**
	 * Set on an exchange refused only because its token's account must change its
	 * password first, so that the refusal names that ({@code password-change-required}).
	 */
	static final String PASSWORD_CHANGE_REQUIRED = MatrixAuthorization.class.getName() + ".passwordChangeRequired";

	private final AccessMatrix matrix;

	private final Map<AccessMatrix.Rule, ReactiveAuthorizationManager<AuthorizationContext>> byRoles;

	MatrixAuthorization(AccessMatrix matrix) {
		this.matrix = matrix;
		this.byRoles = matrix.rules()
			.stream()
			.filter((rule) -> !rule.isPublic() && !rule.allow().contains(AccessMatrix.SIGNED_IN))
			.collect(Collectors.toMap(Function.identity(),
					(rule) -> AuthorityReactiveAuthorizationManager.hasAnyRole(rule.allow().toArray(String[]::new)),
					(one, same) -> one));
	}

	@Override
	public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
		HttpMethod method = context.getExchange().getRequest().getMethod();
		PathContainer path = context.getExchange().getRequest().getPath().pathWithinApplication();
		for (Path infrastructure : INFRASTRUCTURE) {
			if (infrastructure.matches(method, path)) {
				return (infrastructure.role() == null) ? GRANTED : unlessPasswordMustChange(authentication, context,
						AuthorityReactiveAuthorizationManager.<AuthorizationContext>hasRole(infrastructure.role()));
			}
		}
		Optional<AccessMatrix.Rule> rule = this.matrix.ruleFor(context.getExchange());
		if (rule.isEmpty()) {
			return DENIED;
		}
		if (rule.get().isPublic()) {
			return GRANTED;
		}
		ReactiveAuthorizationManager<AuthorizationContext> byRule = rule.get().allow().contains(AccessMatrix.SIGNED_IN)
				? SIGNED_IN : this.byRoles.get(rule.get());
		if (rule.get().beforePasswordChange()) {
			return byRule.authorize(authentication, context);
		}
		return unlessPasswordMustChange(authentication, context, byRule);
	}

	/** Refuses a token whose account must first change its initial password. */
	private static Mono<AuthorizationResult> unlessPasswordMustChange(Mono<Authentication> authentication,
			AuthorizationContext context, ReactiveAuthorizationManager<AuthorizationContext> otherwise) {
		return authentication.map(MatrixAuthorization::mustChangePassword)
			.defaultIfEmpty(false)
			.flatMap((mustChange) -> {
				if (mustChange) {
					context.getExchange().getAttributes().put(PASSWORD_CHANGE_REQUIRED, true);
					return DENIED;
				}
				return otherwise.authorize(authentication, context);
			});
	}

	private static boolean mustChangePassword(Authentication authentication) {
		return authentication instanceof JwtAuthenticationToken token
				&& SignedInUser.mustChangePassword(token.getToken());
	}

	private record Path(HttpMethod method, PathPattern pattern, String role) {

		static Path open(HttpMethod method, String pattern) {
			return new Path(method, PathPatternParser.defaultInstance.parse(pattern), null);
		}

		boolean matches(HttpMethod requested, PathContainer path) {
			return (this.method == null || this.method.equals(requested)) && this.pattern.matches(path);
		}

	}

}
