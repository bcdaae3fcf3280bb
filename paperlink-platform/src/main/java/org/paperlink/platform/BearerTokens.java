package org.paperlink.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * How both services take a bearer token: signed by a known key, unexpired, from the
 * configured issuer, for the configured audience, and not revoked since it was issued. A
 * live stream opened with a token lives no longer than the token does.
 */
public class BearerTokens {

	/** How many verified tokens a replica remembers: a few per signed-in user. */
	private static final int VERIFIED_TOKENS = 10_000;

	private final BearerTokenProperties properties;

	private final RevokedTokens revoked;

	BearerTokens(BearerTokenProperties properties, RevokedTokens revoked) {
		this.properties = properties;
		this.revoked = revoked;
	}

	/**
	 * The decoder of a service, given the one that checks signatures. A token whose
	 * signature, issuer and audience were checked once is remembered until it expires, so
	 * that a client's next requests cost no RSA verification; whether it was revoked is
	 * asked on every request all the same.
	 */
	public ReactiveJwtDecoder decoder(NimbusReactiveJwtDecoder signatures) {
		signatures.setJwtValidator(validator());
		Cache<String, Jwt> verified = Caffeine.newBuilder()
			.maximumSize(VERIFIED_TOKENS)
			.expireAfter(Expiry.creating((String token, Jwt jwt) -> untilExpiry(jwt)))
			.build();
		return (token) -> Mono.justOrEmpty(verified.getIfPresent(token))
			.switchIfEmpty(Mono.defer(() -> signatures.decode(token).doOnNext((jwt) -> verified.put(token, jwt))))
			.filterWhen((jwt) -> this.revoked.revoked(jwt).map((revoked) -> !revoked))
			.switchIfEmpty(Mono.error(() -> new BadJwtException("The token was revoked")));
	}

	/**
	 * How long a verified token is remembered: until its {@code exp}; after that it is
	 * verified again, and the validator's minute of clock skew decides.
	 */
	private static Duration untilExpiry(Jwt jwt) {
		if (jwt.getExpiresAt() == null) {
			return Duration.ZERO;
		}
		Duration left = Duration.between(Instant.now(), jwt.getExpiresAt());
		return left.isNegative() ? Duration.ZERO : left;
	}

	/** Expiry (with the default minute of clock skew), issuer and audience. */
	OAuth2TokenValidator<Jwt> validator() {
		String audience = this.properties.audience();
		return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(this.properties.issuer()),
				new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
						(claimed) -> claimed != null && claimed.contains(audience)));
	}

	/**
	 * {@code stream}, ended when the caller's token expires or is revoked: the client
	 * then reconnects with a fresh token, or is refused. A token already past its expiry
	 * is refused (401 {@code token-expired}) although the decoder lets it pass within its
	 * minute of clock skew: the stream would start with no time left to end it. Only a
	 * request without a token (a public stream) streams unchecked.
	 */
	public <T> Flux<T> whileTokenValid(Flux<T> stream) {
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull((context) -> context.getAuthentication())
			.ofType(JwtAuthenticationToken.class)
			.map((authentication) -> Optional.of(authentication.getToken()))
			.defaultIfEmpty(Optional.empty())
			.flatMapMany((token) -> token.map((jwt) -> whileValid(jwt, stream)).orElse(stream));
	}

	private <T> Flux<T> whileValid(Jwt token, Flux<T> stream) {
		if (token.getExpiresAt() != null && !Instant.now().isBefore(token.getExpiresAt())) {
			return Flux.error(() -> Refusal.unauthenticated("token-expired"));
		}
		return stream.takeUntilOther(Mono.firstWithSignal(expiry(token), revocation(token)));
	}

	private Mono<Long> expiry(Jwt token) {
		if (token.getExpiresAt() == null) {
			return Mono.never();
		}
		// the wall clock, as the signature's expiry check uses
		Duration left = Duration.between(Instant.now(), token.getExpiresAt());
		return Mono.delay(left.isNegative() ? Duration.ZERO : left);
	}

	private Mono<Long> revocation(Jwt token) {
		return Flux.interval(this.properties.streamCheckInterval())
			.concatMap((tick) -> this.revoked.revoked(token).filter(Boolean::booleanValue).map((revoked) -> tick))
			.next();
	}

}
