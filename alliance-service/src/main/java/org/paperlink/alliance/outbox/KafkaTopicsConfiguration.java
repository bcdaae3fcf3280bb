package org.paperlink.alliance.outbox;

import org.apache.kafka.clients.admin.NewTopic;
import org.paperlink.events.Topics;
import org.paperlink.platform.CreatesTopics;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Declares every topic and its dead-letter topic; creating one that exists is a no-op.
 */
@Configuration(proxyBeanMethods = false)
class KafkaTopicsConfiguration {

	@Bean
	@CreatesTopics
	KafkaAdmin.NewTopics allianceTopics(@Value("${paperlink.kafka.partitions:3}") int partitions,
			@Value("${paperlink.kafka.replication-factor:1}") short replicationFactor) {
		return new KafkaAdmin.NewTopics(Topics.declarations(partitions, replicationFactor).toArray(NewTopic[]::new));
	}

}
