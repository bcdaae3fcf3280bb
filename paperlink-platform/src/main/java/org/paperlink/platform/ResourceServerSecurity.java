package org.paperlink.platform;

import org.springframework.http.HttpHeaders;
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

	ResourceServerSecurity(ProblemResponseWriter problems) {
		this.problems = problems;
	}

	public ServerHttpSecurity apply(ServerHttpSecurity http) {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName(SignedInUser.ROLES_CLAIM);
		authorities.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return http
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers("/actuator/health/**", "/actuator/prometheus", "/actuator/info")
				.permitAll()
				.pathMatchers("/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**")
				.permitAll())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.exceptionHandling((handling) -> handling.authenticationEntryPoint((exchange, ex) -> {
				exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
				return this.problems.write(exchange, HttpStatus.UNAUTHORIZED, "unauthenticated");
			}).accessDeniedHandler((exchange, ex) -> this.problems.write(exchange, HttpStatus.FORBIDDEN, "forbidden")))
			.oauth2ResourceServer((server) -> server
				.jwt((jwt) -> jwt.jwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(converter)))
				.authenticationEntryPoint((exchange, ex) -> {
					exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
					return this.problems.write(exchange, HttpStatus.UNAUTHORIZED, "unauthenticated");
				}));
	}

}
