package org.paperlink.notification.security;

import org.paperlink.platform.ResourceServerSecurity;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Tokens are issued by alliance-service (or an external OIDC issuer) and checked here
 * against its JWKS: {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	/**
	 * Signature and expiry through alliance-service's JWKS, then whether the member was
	 * suspended since.
	 */
	@Bean
	ReactiveJwtDecoder jwtDecoder(@Value("${spring.security.oauth2.resourceserver.jwt.jwk-set-uri}") String jwkSetUri,
			SuspendedMembers suspended) {
		return suspended.checking(NimbusReactiveJwtDecoder.withJwkSetUri(jwkSetUri).build());
	}

	/** The rules are the access matrix ({@code access-matrix.yml}). */
	@Bean
	SecurityWebFilterChain securityFilterChain(ServerHttpSecurity http, ResourceServerSecurity shared) {
		return shared.build(http);
	}

}
