package org.paperlink.notification.monitoring;

import org.junit.jupiter.api.Test;
import org.paperlink.events.Topics;
import org.paperlink.notification.delivery.Transport;
import org.paperlink.notification.support.NotificationIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the alerts and the dashboard read (k8s/observability, issue 15): the failure
 * counters exist at 0 before the first failure, so that {@code increase(...)} sees the
 * first one, and HTTP latency has histogram buckets for the p99 panel.
 */
@NotificationIntegrationTest
class MonitoringIntegrationTests {

	@Autowired
	private WebTestClient client;

	@Test
	void theFailureCountersExistBeforeAnyFailureAndHttpLatencyHasBuckets() {
		this.client.get().uri("/api/v1/inbox").exchange();
		String scraped = this.client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(Topics.ALL).allSatisfy((topic) -> assertThat(scraped).containsPattern(
				"paperlink_consumer_dead_letters_total\\{[^}]*topic=\"" + topic.replace(".", "\\.") + "\""));
		for (Transport channel : Transport.values()) {
			assertThat(scraped)
				.containsPattern("paperlink_delivery_failed_total\\{[^}]*channel=\"" + channel.name() + "\"");
		}
		assertThat(scraped).contains("http_server_requests_seconds_bucket");
	}

}
