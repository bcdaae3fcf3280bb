package org.paperlink.platform;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What browsers are told: the Content-Security-Policy of every response, and which other
 * origins may call the API (none unless configured).
 */
@ConfigurationProperties("paperlink.web")
public record WebSecurityProperties(@DefaultValue( {
		"default-src 'self'; script-src 'self'; style-src 'self'; "
				+ "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
				+ "form-action 'self'; frame-ancestors 'none'" }) String contentSecurityPolicy,
		@DefaultValue List<String> allowedOrigins){

}
