package org.paperlink.platform;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Whether a signed, unexpired token was revoked since it was issued: its account's
 * password or roles changed, or its enterprise was suspended. Each service answers from
 * what it knows.
 */
@FunctionalInterface
public interface RevokedTokens {

	Mono<Boolean> revoked(Jwt token);

}
