package org.paperlink.testsupport;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a Spring test context at the shared broker and store. Put it on an integration
 * test with
 * {@code @ContextConfiguration(initializers = InfrastructureInitializer.class)}. It also
 * writes down what the service answers ({@link ObservedResponses}).
 */
public class InfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestInfrastructure.Infrastructure infrastructure = TestInfrastructure.shared();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("paperlink-test-infrastructure", Map.of("spring.kafka.bootstrap-servers",
					infrastructure.kafkaBootstrapServers(), "spring.mongodb.uri", infrastructure.mongoUri())));
		if (!context.getBeanFactory().containsSingleton("observedResponses")) {
			context.getBeanFactory().registerSingleton("observedResponses", new ObservedResponses());
		}
	}

}
