package org.paperlink.platform;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a bearer token must say to be taken by either service.
 *
 * @param issuer its {@code iss} claim: alliance-service's issuer, or an external one
 * @param audience a value its {@code aud} claim must hold
 * @param streamCheckInterval how often a live stream checks that the token it was opened
 * with has not been revoked since
 */
@ConfigurationProperties("paperlink.security")
public record BearerTokenProperties(@DefaultValue("paperlink") String issuer,
		@DefaultValue("paperlink") String audience, @DefaultValue("2s") Duration streamCheckInterval) {

}
