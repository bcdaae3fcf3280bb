package org.paperlink.alliance.outbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.support.Api;
import org.paperlink.events.Topics;
import org.paperlink.processes.KafkaBrokerProcess;
import org.paperlink.processes.ManagedProcess;
import org.paperlink.testsupport.InfrastructureInitializer;
import org.paperlink.testsupport.RecordedTopic;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.MapPropertySource;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka crashes and comes back. The service runs against a standalone broker process of
 * its own, which the test kills with SIGKILL: applications are still accepted, their
 * events wait on the member documents, and they are published once the broker is
 * restarted on the same storage.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = { InfrastructureInitializer.class, KafkaOutageIntegrationTests.OwnBroker.class })
@AutoConfigureWebTestClient
@ActiveProfiles({ "demo", "test" })
@DirtiesContext
class KafkaOutageIntegrationTests {

	private static final KafkaBrokerProcess broker = new KafkaBrokerProcess(
			Path.of("target", "kafka-outage-" + UUID.randomUUID()), ManagedProcess.Ports.anyFree(),
			ManagedProcess.Ports.anyFree(), "384m");

	@Autowired
	private WebTestClient client;

	@Autowired
	private ReactiveMongoTemplate mongo;

	@BeforeAll
	static void startBroker() {
		broker.start();
	}

	@AfterAll
	static void stopBroker() {
		broker.stop();
	}

	@Test
	void eventsWrittenWhileTheBrokerIsDownArePublishedWhenItIsBack() {
		String before = Api.register(this.client, Api.newUscc(), Api.newUsername());
		try (RecordedTopic members = new RecordedTopic(broker.bootstrapServers(), Topics.MEMBERS)) {
			members.await(RecordedTopic.withKey(before), 1, Duration.ofSeconds(60));
		}

		broker.kill();
		List<String> during = List.of(Api.register(this.client, Api.newUscc(), Api.newUsername()),
				Api.register(this.client, Api.newUscc(), Api.newUsername()));
		for (String id : during) {
			assertThat(pendingEvents(id)).as("the event of %s waits while Kafka is down", id).hasSize(1);
		}

		broker.start();
		try (RecordedTopic members = new RecordedTopic(broker.bootstrapServers(), Topics.MEMBERS)) {
			for (String id : during) {
				assertThat(members.await(RecordedTopic.withKey(id), 1, Duration.ofSeconds(90))).hasSize(1);
			}
			assertThat(members.matching(RecordedTopic.withKey(before))).as("published before the crash, kept")
				.hasSize(1);
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> during.forEach((id) -> assertThat(pendingEvents(id)).isEmpty()));
	}

	private List<?> pendingEvents(String id) {
		Document member = this.mongo.findById(id, Document.class, Member.COLLECTION).toFuture().join();
		return member.getList(AggregateStore.PENDING_EVENTS, Object.class);
	}

	/** Points the service at the broker process and at a database of its own. */
	@Order(Ordered.LOWEST_PRECEDENCE)
	static class OwnBroker implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("own-broker", Map.of("spring.kafka.bootstrap-servers",
						broker.bootstrapServers(), "spring.mongodb.database", "alliance-outage-test")));
		}

	}

}
