package org.paperlink.alliance.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.JOSEException;
import org.paperlink.platform.BearerTokens;
import org.paperlink.platform.ResourceServerSecurity;
import org.paperlink.platform.Retained;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Who may call what: the role rules are the access matrix, checked before any state is
 * read; a member's ownership of a resource is checked by the feature that owns it. This
 * service also issues the tokens.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	/** The rules are the access matrix ({@code access-matrix.yml}). */
	@Bean
	SecurityWebFilterChain securityFilterChain(ServerHttpSecurity http, ResourceServerSecurity shared) {
		return shared.build(http);
	}

	/**
	 * Sign-in attempts of any name, known or not: once the longest lock and the decay
	 * have passed since the last one, they would be forgotten anyway.
	 */
	@Bean
	Retained loginAttemptRetention(SecurityProperties properties) {
		return new Retained(LoginAttempts.Attempts.COLLECTION, "lastAt",
				properties.lockoutMax().plus(properties.lockoutDecay()));
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return new LongPasswordEncoder();
	}

	@Bean
	SigningKey signingKey(SecurityProperties properties) {
		return SigningKey.loadOrGenerate(properties.signingKeyFile());
	}

	@Bean
	JwtEncoder jwtEncoder(SigningKey key) {
		return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key.rsaKey())));
	}

	/**
	 * Signature, expiry, issuer and audience, then whether the account has revoked the
	 * token since ({@link TokenRevocations}).
	 */
	@Bean
	ReactiveJwtDecoder jwtDecoder(SigningKey key, BearerTokens tokens) throws JOSEException {
		return tokens.decoder(NimbusReactiveJwtDecoder.withPublicKey(key.rsaKey().toRSAPublicKey()).build());
	}

}
