package org.paperlink.notification.support;

import java.util.HashMap;
import java.util.Map;

import org.paperlink.testsupport.TestTokenIssuer;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Wires the service to the real servers of the tests: the token issuer's JWKS, the SMTP
 * server, and the robots of the Party committee (DingTalk and WeCom) and of the
 * secretariat (a webhook that always fails).
 */
public class NotificationTestInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestRobots robots = TestRobots.shared();
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestTokenIssuer.shared().jwkSetUri());
		properties.put("spring.mail.host", "127.0.0.1");
		properties.put("spring.mail.port", TestMailServer.shared().getSmtp().getPort());
		properties.put("paperlink.contacts.roles.PARTY_COMMITTEE.email", "party@paperlink.test");
		properties.put("paperlink.contacts.roles.PARTY_COMMITTEE.robots[0].type", "DINGTALK");
		properties.put("paperlink.contacts.roles.PARTY_COMMITTEE.robots[0].url",
				robots.url("/dingtalk") + "?access_token=test");
		properties.put("paperlink.contacts.roles.PARTY_COMMITTEE.robots[0].secret", TestRobots.DINGTALK_SECRET);
		properties.put("paperlink.contacts.roles.PARTY_COMMITTEE.robots[1].type", "WECOM");
		properties.put("paperlink.contacts.roles.PARTY_COMMITTEE.robots[1].url", robots.url("/wecom") + "?key=test");
		properties.put("paperlink.contacts.roles.SECRETARIAT.email", "secretariat@paperlink.test");
		properties.put("paperlink.contacts.roles.SECRETARIAT.robots[0].type", "WEBHOOK");
		// a secret in the URL, as robots have them: it must never be shown or logged
		properties.put("paperlink.contacts.roles.SECRETARIAT.robots[0].url",
				robots.url("/webhook-500") + "?access_token=" + TestRobots.URL_SECRET);
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("notification-test", properties));
	}

}
