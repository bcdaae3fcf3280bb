package org.paperlink.platform;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What browsers are told: the Content-Security-Policy of every response, which other
 * origins the console may connect to (notification-service, when it is not behind the
 * same host name), and which other origins may call the API (none unless configured).
 */
@ConfigurationProperties("paperlink.web")
public record WebSecurityProperties(@DefaultValue( {
		"default-src 'self'; script-src 'self'; style-src 'self'; "
				+ "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'self'; "
				+ "form-action 'self'; frame-ancestors 'none'" }) String contentSecurityPolicy,
		@DefaultValue List<String> connectSources, @DefaultValue List<String> allowedOrigins){

	/** The policy as sent: the configured one, and connect-src with the extra origins. */
	public String policy() {
		return this.contentSecurityPolicy + "; connect-src 'self'"
				+ this.connectSources.stream().map((source) -> " " + source).reduce("", String::concat);
	}

}
