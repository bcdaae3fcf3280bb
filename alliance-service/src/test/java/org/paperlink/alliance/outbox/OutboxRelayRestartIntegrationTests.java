package org.paperlink.alliance.outbox;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.alliance.support.Api;
import org.paperlink.events.Topics;
import org.paperlink.testsupport.RecordedTopic;
import org.paperlink.testsupport.TestInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A relay stopped and started again (a paused context, a lifecycle restart) still
 * publishes.
 */
@AllianceIntegrationTest
class OutboxRelayRestartIntegrationTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private OutboxRelay relay;

	@Test
	void aRestartedRelayPublishesWhatWasWrittenWhileItWasStopped() {
		this.relay.stop();
		String writtenWhileStopped = Api.register(this.client, Api.newUscc(), Api.newUsername());
		this.relay.start();
		String writtenAfter = Api.register(this.client, Api.newUscc(), Api.newUsername());

		try (RecordedTopic members = new RecordedTopic(TestInfrastructure.shared().kafkaBootstrapServers(),
				Topics.MEMBERS)) {
			assertThat(members.await(RecordedTopic.withKey(writtenWhileStopped), 1, Duration.ofSeconds(30))).hasSize(1);
			assertThat(members.await(RecordedTopic.withKey(writtenAfter), 1, Duration.ofSeconds(30))).hasSize(1);
		}
	}

}
