package org.paperlink.alliance.outbox;

import org.junit.jupiter.api.Test;
import org.paperlink.alliance.support.AllianceIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica stops in this order (the highest phase stops first): the web server finishes
 * the requests in flight, the relay sends what they wrote, the consumers stop.
 */
@AllianceIntegrationTest
class ShutdownOrderIntegrationTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void theWebServerStopsBeforeTheRelayAndTheRelayBeforeTheConsumers() {
		int webServer = this.context.getBean(WebServerGracefulShutdownLifecycle.class).getPhase();
		int webServerStop = this.context.getBeansOfType(SmartLifecycle.class)
			.values()
			.stream()
			.filter((lifecycle) -> lifecycle.getClass().getSimpleName().equals("WebServerStartStopLifecycle"))
			.mapToInt(SmartLifecycle::getPhase)
			.min()
			.orElseThrow();
		int relay = this.context.getBean(OutboxRelay.class).getPhase();
		int consumers = this.context.getBean(KafkaListenerEndpointRegistry.class).getPhase();

		assertThat(relay).isLessThan(webServer).isLessThan(webServerStop);
		assertThat(consumers).isLessThan(relay);
	}

}
