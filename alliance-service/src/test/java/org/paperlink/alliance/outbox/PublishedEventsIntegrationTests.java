package org.paperlink.alliance.outbox;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.alliance.support.Api;
import org.paperlink.events.CloudEventEnvelope;
import org.paperlink.events.Topics;
import org.paperlink.testsupport.RecordedTopic;
import org.paperlink.testsupport.TestInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event still pending on its aggregate but on its topic already (its relay stopped
 * between the send and the removal, or the store was restored from a backup taken before
 * the send) is not published a second time, and its aggregate is cleared as usual.
 */
@AllianceIntegrationTest
class PublishedEventsIntegrationTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private OutboxRelay relay;

	@Autowired
	private ReactiveMongoTemplate mongo;

	@Autowired
	private KafkaTemplate<String, String> kafka;

	@Test
	void aPendingEventFoundOnItsTopicIsNotPublishedAgain() throws Exception {
		String alreadySent;
		String notYetSent;
		this.relay.stop();
		try {
			alreadySent = Api.register(this.client, Api.newUscc(), Api.newUsername());
			notYetSent = Api.register(this.client, Api.newUscc(), Api.newUsername());
			// the send that happened before the removal was lost (or before the restore)
			for (PendingEvent event : pendingOf(alreadySent)) {
				ProducerRecord<String, String> record = new ProducerRecord<>(event.topic(), event.key(),
						event.payload());
				new CloudEventEnvelope(event.eventId(), event.type(), "/test", event.time(), event.subject(),
						event.aggregateVersion())
					.writeTo(record.headers());
				this.kafka.send(record).get();
			}
		}
		finally {
			this.relay.start();
		}

		await().atMost(Duration.ofSeconds(30))
			.until(() -> pendingOf(alreadySent).isEmpty() && pendingOf(notYetSent).isEmpty());
		try (RecordedTopic members = new RecordedTopic(TestInfrastructure.shared().kafkaBootstrapServers(),
				Topics.MEMBERS)) {
			assertThat(members.await(RecordedTopic.withKey(notYetSent), 1, Duration.ofSeconds(30)))
				.as("the event nobody had sent is published")
				.hasSize(1);
			// the relay removes an event only once Kafka acknowledged it: a second copy
			// would be on the topic by now, and read within the next seconds
			await().during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(10))
				.until(() -> members.matching(RecordedTopic.withKey(alreadySent)).size() == 1);
		}
	}

	private List<PendingEvent> pendingOf(String memberId) {
		Document member = this.mongo.findById(memberId, Document.class, "members").block(Duration.ofSeconds(5));
		return this.relay.pendingEvents(member);
	}

}
