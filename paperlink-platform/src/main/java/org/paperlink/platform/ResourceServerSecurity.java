package org.paperlink.platform;

import java.util.List;

import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;

/**
 * The security both services share: stateless bearer-token authentication, roles from the
 * {@code roles} claim, and 401/403 answered as problems in the caller's language. Each
 * service adds only its own access rules.
 */
public class ResourceServerSecurity {

	private final ProblemResponseWriter problems;

	private final AccessMatrix matrix;

	private final RateLimits rateLimits;

	private final WebSecurityProperties web;

	ResourceServerSecurity(ProblemResponseWriter problems, AccessMatrix matrix, RateLimits rateLimits,
			WebSecurityProperties web) {
		this.problems = problems;
		this.matrix = matrix;
		this.rateLimits = rateLimits;
		this.web = web;
	}

	/**
	 * The chain of a service: the access matrix's rules (anything not in it refused),
	 * bearer tokens, rate limits, security headers and CORS.
	 */
	public SecurityWebFilterChain build(ServerHttpSecurity http) {
		return apply(http).build();
	}

	/** As {@link #build}, for a service that adds to the chain before building it. */
	public ServerHttpSecurity apply(ServerHttpSecurity http) {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName(SignedInUser.ROLES_CLAIM);
		authorities.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return http
			// one lookup of the request's rule decides (MatrixAuthorization), not a
			// matcher per row
			.authorizeExchange((exchanges) -> exchanges.anyExchange().access(new MatrixAuthorization(this.matrix)))
			.addFilterAfter(new RateLimitFilter(this.matrix, this.rateLimits, this.problems),
					SecurityWebFiltersOrder.AUTHENTICATION)
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(this.web.policy()))
				.referrerPolicy((referrer) -> referrer
					.policy(ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
				.frameOptions((frames) -> frames.mode(XFrameOptionsServerHttpHeadersWriter.Mode.DENY)))
			.cors((cors) -> cors.configurationSource(corsSource()))
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.exceptionHandling((handling) -> handling.authenticationEntryPoint((exchange, ex) -> {
				exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
				return this.problems.write(exchange, HttpStatus.UNAUTHORIZED, "unauthenticated");
			})
				.accessDeniedHandler((exchange, ex) -> this.problems.write(exchange, HttpStatus.FORBIDDEN,
						exchange.getAttributes().containsKey(MatrixAuthorization.PASSWORD_CHANGE_REQUIRED)
								? "password-change-required" : "forbidden")))
			.oauth2ResourceServer((server) -> server
				.jwt((jwt) -> jwt.jwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(converter)))
				.authenticationEntryPoint((exchange, ex) -> {
					exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
					return this.problems.write(exchange, HttpStatus.UNAUTHORIZED, "unauthenticated");
				}));
	}

	private CorsConfigurationSource corsSource() {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (!this.web.allowedOrigins().isEmpty()) {
			CorsConfiguration cors = new CorsConfiguration();
			cors.setAllowedOrigins(this.web.allowedOrigins());
			cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
			cors.setAllowedHeaders(
					List.of("Authorization", "Content-Type", "Accept-Language", "Last-Event-ID", RequestIds.HEADER));
			cors.setExposedHeaders(List.of("Location", "Retry-After", RequestIds.HEADER));
			cors.setMaxAge(3600L);
			source.registerCorsConfiguration("/**", cors);
		}
		return source;
	}

}
