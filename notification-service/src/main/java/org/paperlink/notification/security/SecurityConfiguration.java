package org.paperlink.notification.security;

import org.paperlink.platform.ResourceServerSecurity;
import org.paperlink.platform.Role;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Tokens are issued by alliance-service (or an external OIDC issuer) and checked here
 * against its JWKS: {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain securityFilterChain(ServerHttpSecurity http, ResourceServerSecurity shared) {
		return shared.apply(http)
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers("/api/v1/deliveries/**", "/api/v1/deliveries", "/api/v1/dead-letters/**", "/actuator/**")
				.hasRole(Role.ADMIN.name())
				.pathMatchers(HttpMethod.GET, "/api/v1/notices/*/receipts")
				.hasAnyRole(Role.SECRETARIAT.name(), Role.PARTY_COMMITTEE.name())
				.pathMatchers(HttpMethod.POST, "/api/v1/notices/*/reminders")
				.hasRole(Role.SECRETARIAT.name())
				.pathMatchers("/api/v1/saved-searches", "/api/v1/saved-searches/**")
				.hasRole(Role.MEMBER.name())
				.anyExchange()
				.authenticated())
			.build();
	}

}
