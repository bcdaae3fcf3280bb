package org.paperlink.alliance.security;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded token issuer; the issuer and audience its tokens name are
 * {@link org.paperlink.platform.BearerTokenProperties}.
 *
 * @param signingKeyFile where the RSA signing key is kept; generated on first start
 * @param accessTokenLifetime how long an access token is valid; short, since
 * notification-service cannot see a revocation before it runs out
 * @param refreshTokenLifetime how long a refresh token is valid; each is used once, and
 * its successor is valid as long again, up to the sign-in's session lifetime
 * @param sessionLifetime how long the tokens descended from one sign-in may be refreshed,
 * however often: then the password is asked again
 * @param initialPasswordLifetime how long an initial password (from the staff-account
 * API, the roster import, a reset or the first-admin bootstrap) signs in before it must
 * have been changed
 * @param lockoutThreshold wrong passwords in a row before sign-in is locked
 * @param lockoutFirst how long the first lock lasts; each further wrong password doubles
 * it
 * @param lockoutMax the longest lock
 * @param lockoutDecay wrong passwords are forgotten once none came for this long and no
 * lock holds
 * @param revocationCheckCache how long a token's account state is trusted before it is
 * read again (a change on this replica is seen at once)
 */
@ConfigurationProperties("paperlink.security")
record SecurityProperties(@DefaultValue("./data/jwt-signing-key.json") Path signingKeyFile,
		@DefaultValue("15m") Duration accessTokenLifetime, @DefaultValue("30d") Duration refreshTokenLifetime,
		@DefaultValue("5") int lockoutThreshold, @DefaultValue("1m") Duration lockoutFirst,
		@DefaultValue("1h") Duration lockoutMax, @DefaultValue("5s") Duration revocationCheckCache,
		@DefaultValue("15m") Duration lockoutDecay, @DefaultValue("90d") Duration sessionLifetime,
		@DefaultValue("7d") Duration initialPasswordLifetime) {

}
