package org.paperlink.notification.support;

import java.util.Map;

import org.paperlink.testsupport.TestTokenIssuer;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Makes the service trust the test token issuer's JWKS, served over real HTTP. */
class TestIssuerInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test-issuer", Map
				.of("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestTokenIssuer.shared().jwkSetUri())));
	}

}
