package org.paperlink.alliance.security;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded token issuer.
 *
 * @param issuer the {@code iss} claim of issued tokens
 * @param signingKeyFile where the RSA signing key is kept; generated on first start
 * @param accessTokenLifetime how long an access token is valid
 */
@ConfigurationProperties("paperlink.security")
record SecurityProperties(@DefaultValue("paperlink") String issuer,
		@DefaultValue("./data/jwt-signing-key.json") Path signingKeyFile,
		@DefaultValue("1h") Duration accessTokenLifetime) {

}
