package org.paperlink.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.paperlink.notification.rendering.RenderedMessage;
import org.paperlink.notification.routing.Recipient;
import org.paperlink.notification.support.NotificationIntegrationTest;
import org.paperlink.notification.support.TestRobots;
import org.paperlink.platform.Role;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 35, item 5: a robot's token and signing secret stay in configuration: a delivery
 * record holds neither, and finds them again when it is sent; a generic webhook is signed
 * with HMAC, as DingTalk's robots are.
 */
@NotificationIntegrationTest
class RobotSecretsIntegrationTests {

	private static final String WEBHOOK_SECRET = "whsec-test-0123456789";

	@Autowired
	private ReactiveMongoTemplate mongo;

	@Autowired
	private RobotAddressMigration migration;

	@Autowired
	private JsonMapper json;

	@Autowired
	private WebClient.Builder http;

	@Test
	void aGenericWebhookIsSignedOverTheBodyItReceives() {
		String url = TestRobots.shared().url("/signed-webhook") + "/hook/a1b2c3d4e5f6a7b8c9d0";
		RobotDirectory.Robot robot = new RobotDirectory.Robot(Transport.WEBHOOK, url, WEBHOOK_SECRET);
		String title = "签名测试-" + UUID.randomUUID();
		Delivery delivery = Delivery.of(
				new Delivery.About(UUID.randomUUID().toString(), "org.paperlink.test.v1", null, null),
				Recipient.role(Role.SECRETARIAT), new Address(Transport.WEBHOOK, url, null),
				new RenderedMessage(title, "正文"), false, Instant.now());
		assertThat(delivery.address()).as("the token in the path is not stored").doesNotContain("a1b2c3d4e5f6a7b8c9d0");
		RobotDirectory directory = (recipient, id) -> id.equals(robot.id()) ? Mono.just(robot) : Mono.empty();

		new RobotSenders(this.http, java.time.Clock.systemUTC(), directory, this.json).webhook()
			.send(delivery)
			.block(Duration.ofSeconds(10));

		TestRobots.Request received = TestRobots.shared().received("/signed-webhook", title).get(0);
		String timestamp = received.headers().get("x-paperlink-timestamp");
		assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp))).isLessThan(60);
		assertThat(received.headers().get("x-paperlink-signature"))
			.isEqualTo("v1=" + RobotSenders.webhookSignature(WEBHOOK_SECRET, timestamp, received.body()));
		assertThat(RobotSenders.webhookSignature("another-secret", timestamp, received.body()))
			.isNotEqualTo(RobotSenders.webhookSignature(WEBHOOK_SECRET, timestamp, received.body()));
	}

	@Test
	void aRobotDeliveryWrittenBeforeHoldsItsUrlUntilTheMigrationRewritesIt() {
		String id = UUID.randomUUID().toString();
		String url = "https://oapi.dingtalk.test/robot/send?access_token=leaked-" + id;
		this.mongo
			.insert(new Document("_id", id).append("channel", "DINGTALK")
				.append("recipient", "role:PARTY_COMMITTEE")
				.append("address", url)
				.append("secret", "SEC-leaked-" + id)
				.append("status", "SENT"), Delivery.COLLECTION)
			.block();

		assertThat(this.migration.migrate().block()).isGreaterThanOrEqualTo(1L);

		Document rewritten = this.mongo.findById(id, Document.class, Delivery.COLLECTION).block();
		assertThat(rewritten.toJson()).doesNotContain("leaked-" + id);
		assertThat(rewritten.getString("address")).isEqualTo("https://oapi.dingtalk.test/robot/send?access_token=***");
		assertThat(rewritten.getString("robot")).isEqualTo(RobotDirectory.idOf(Transport.DINGTALK, url));
		assertThat(this.migration.migrate().block()).as("nothing left to rewrite").isZero();
	}

}
