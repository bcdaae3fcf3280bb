package org.paperlink.notification.security;

import org.paperlink.platform.BearerTokens;
import org.paperlink.platform.ResourceServerSecurity;
import org.paperlink.platform.RevokedTokens;
import reactor.core.publisher.Mono;

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
 * against its JWKS ({@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri}),
 * issuer and audience ({@code paperlink.security.issuer}, {@code .audience}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	/**
	 * Signature through alliance-service's JWKS, expiry, issuer and audience, then
	 * whether the token was revoked since.
	 */
	@Bean
	ReactiveJwtDecoder jwtDecoder(@Value("${spring.security.oauth2.resourceserver.jwt.jwk-set-uri}") String jwkSetUri,
			BearerTokens tokens) {
		return tokens.decoder(NimbusReactiveJwtDecoder.withJwkSetUri(jwkSetUri).build());
	}

	/** Its enterprise was suspended, or its account's password or roles changed. */
	@Bean
	RevokedTokens revokedTokens(SuspendedMembers suspended, AccountRevocations accounts) {
		return (token) -> suspended.suspended(token)
			.flatMap((isSuspended) -> isSuspended ? Mono.just(true) : accounts.revoked(token));
	}

	/** The rules are the access matrix ({@code access-matrix.yml}). */
	@Bean
	SecurityWebFilterChain securityFilterChain(ServerHttpSecurity http, ResourceServerSecurity shared) {
		return shared.build(http);
	}

}
