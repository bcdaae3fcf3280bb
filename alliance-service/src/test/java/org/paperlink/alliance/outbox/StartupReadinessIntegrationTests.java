package org.paperlink.alliance.outbox;

import org.junit.jupiter.api.Test;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.platform.StartupReadiness;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, item 19: the readiness probe (and the local run's ready line, which polls it)
 * says ready only once the Kafka listeners hold their partitions and the relay has swept,
 * not as soon as the web server listens.
 */
@AllianceIntegrationTest
class StartupReadinessIntegrationTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private StartupReadiness startup;

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	@Test
	void readyOnlyOnceTheListenersHoldTheirPartitions() {
		this.client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
		assertThat(this.listeners.getListenerContainers()).isNotEmpty()
			.allSatisfy((container) -> assertThat(container.getAssignedPartitions()).as(container.getListenerId())
				.isNotEmpty());
	}

	@Test
	void theReadinessProbeWaitsForWhatStartupAwaits() {
		String pending = "a listener still joining its group";
		this.startup.awaiting(pending);
		try {
			this.client.get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);
			// liveness is another matter: the replica is not restarted for it
			this.client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		}
		finally {
			this.startup.reached(pending);
		}
		this.client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
	}

}
