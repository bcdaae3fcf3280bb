package org.paperlink.alliance.outbox;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaAdmin;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the Strimzi Topic Operator owns the topics ({@code KAFKA_CREATE_TOPICS=false} in
 * k8s), the service declares none, so it never raises partitions behind the operator's
 * back; elsewhere it declares them all.
 */
class TopicOwnershipTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(KafkaTopicsConfiguration.class);

	@Test
	void topicsAreDeclaredUnlessTheOperatorOwnsThem() {
		this.context.run((declared) -> assertThat(declared).hasSingleBean(KafkaAdmin.NewTopics.class));
		this.context.withPropertyValues("paperlink.kafka.create-topics=false")
			.run((owned) -> assertThat(owned).doesNotHaveBean(KafkaAdmin.NewTopics.class));
	}

}
