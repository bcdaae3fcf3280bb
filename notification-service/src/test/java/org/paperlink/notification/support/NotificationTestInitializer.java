package org.paperlink.notification.support;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import org.bson.Document;
import org.paperlink.platform.RestoreWindows;
import org.paperlink.testsupport.TestInfrastructure;
import org.paperlink.testsupport.TestTokenIssuer;
import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Wires the service to the real servers of the tests: the token issuer's JWKS, the SMTP
 * server, and the robots of the Party committee (DingTalk and WeCom) and of the
 * secretariat (a webhook that always fails). The store was restored once, on 2001-01-01
 * ({@link #RESTORED}): what happened between that backup and its restore is not sent
 * again, which the digest and reminder tests check; nothing else is that old.
 */
public class NotificationTestInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/**
	 * The restore every test store has had: the nightly backup of 2001-01-01 (02:00 in
	 * Xinmi), restored at noon.
	 */
	public static final RestoreWindows.Window RESTORED = new RestoreWindows.Window(
			Instant.parse("2000-12-31T18:00:00Z"), Instant.parse("2001-01-01T04:00:00Z"));

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		restoredOnce(context.getEnvironment().getProperty("spring.mongodb.database", "notification"));
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

	/**
	 * Written before the service starts, as a restore does: the service reads its restore
	 * windows once.
	 */
	private static void restoredOnce(String database) {
		try (MongoClient client = MongoClients.create(TestInfrastructure.shared().mongoUri())) {
			Document window = new Document("_id", "test-restore").append("backupAt", Date.from(RESTORED.backupAt()))
				.append("restoredAt", Date.from(RESTORED.restoredAt()));
			Mono.from(client.getDatabase(database)
				.getCollection(RestoreWindows.COLLECTION)
				.replaceOne(Filters.eq("_id", "test-restore"), window, new ReplaceOptions().upsert(true))).block();
		}
	}

}
