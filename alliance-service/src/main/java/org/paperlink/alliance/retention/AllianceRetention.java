package org.paperlink.alliance.retention;

import java.time.Duration;

import org.paperlink.platform.Retained;
import org.paperlink.platform.Retired;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How long alliance-service keeps what ends (README, "Retention"): TTL indexes on
 * MongoDB, and the platform's sweep besides. Members, their history, notices and the
 * audit are the alliance's record and are kept.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AllianceRetention.Periods.class)
class AllianceRetention {

	/**
	 * @param closedListings a closed or expired listing, from its closing
	 */
	@ConfigurationProperties("paperlink.retention")
	record Periods(@DefaultValue("180d") Duration closedListings) {

	}

	/** A refresh token is of no use once expired. */
	@Bean
	Retained refreshTokenRetention() {
		return new Retained("refresh_tokens", "expiresAt", Duration.ZERO);
	}

	@Bean
	Retained closedListingRetention(Periods periods) {
		return new Retained("listings", "closedAt", periods.closedListings());
	}

	/**
	 * The claims of late matches, one per pair for good: late matches need none since
	 * they are decided on the need listing (issue 33, items 3 and 6).
	 */
	@Bean
	Retired matchClaimsRetired() {
		return new Retired("match_claims");
	}

}
