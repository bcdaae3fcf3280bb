package org.paperlink.alliance.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.JOSEException;
import org.paperlink.platform.ResourceServerSecurity;
import org.paperlink.platform.Role;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Who may call what. Role rules live here, checked before any state is read; a member's
 * ownership of a resource is checked by the feature that owns it.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain securityFilterChain(ServerHttpSecurity http, ResourceServerSecurity shared) {
		return shared.apply(http)
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers(HttpMethod.POST, "/api/v1/auth/token", "/api/v1/registrations")
				.permitAll()
				.pathMatchers(HttpMethod.GET, "/.well-known/jwks.json", "/api/v1/alliance")
				.permitAll()
				.pathMatchers("/api/v1/registrations/**", "/api/v1/registrations")
				.hasRole(Role.SECRETARIAT.name())
				.pathMatchers(HttpMethod.GET, "/api/v1/capacity/export", "/api/v1/renovation-projects/export")
				.hasAnyRole(Role.SECRETARIAT.name(), Role.PARTY_COMMITTEE.name(), Role.ADMIN.name())
				.pathMatchers(HttpMethod.POST, "/api/v1/members/*/capacity-reports",
						"/api/v1/members/*/renovation-projects")
				.hasRole(Role.MEMBER.name())
				.pathMatchers(HttpMethod.POST, "/api/v1/renovation-projects/*/status")
				.hasAnyRole(Role.MEMBER.name(), Role.SECRETARIAT.name())
				.pathMatchers(HttpMethod.POST, "/api/v1/notices")
				.hasRole(Role.SECRETARIAT.name())
				.pathMatchers(HttpMethod.POST, "/api/v1/listings", "/api/v1/listings/*/close")
				.hasRole(Role.MEMBER.name())
				.pathMatchers(HttpMethod.GET, "/api/v1/feed", "/api/v1/market/chain")
				.hasRole(Role.MEMBER.name())
				.pathMatchers("/actuator/**")
				.hasRole(Role.ADMIN.name())
				.anyExchange()
				.authenticated())
			.build();
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return new BCryptPasswordEncoder();
	}

	@Bean
	SigningKey signingKey(SecurityProperties properties) {
		return SigningKey.loadOrGenerate(properties.signingKeyFile());
	}

	@Bean
	JwtEncoder jwtEncoder(SigningKey key) {
		return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key.rsaKey())));
	}

	@Bean
	ReactiveJwtDecoder jwtDecoder(SigningKey key) throws JOSEException {
		return NimbusReactiveJwtDecoder.withPublicKey(key.rsaKey().toRSAPublicKey()).build();
	}

}
