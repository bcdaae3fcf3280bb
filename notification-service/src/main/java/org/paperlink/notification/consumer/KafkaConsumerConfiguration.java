package org.paperlink.notification.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.paperlink.events.Topics;
import org.paperlink.platform.CreatesTopics;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Failure handling of every listener: a record that fails is retried with exponential
 * backoff a bounded number of times, then published to {@code <topic>-dlt} with the
 * reason in its headers, and the consumer moves on. A poison record skips the retries.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConsumerConfiguration {

	@Bean
	DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template, MeterRegistry meters,
			@Value("${paperlink.consumer.max-retries:4}") int maxRetries,
			@Value("${paperlink.consumer.initial-backoff-ms:200}") long initialBackoffMs) {
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
		ExponentialBackOff backOff = new ExponentialBackOff(initialBackoffMs, 2.0);
		backOff.setMaxAttempts(maxRetries);
		backOff.setJitter(initialBackoffMs / 2);
		// at 0 from the start, so that an alert on its increase sees the first dead
		// letter
		Topics.ALL.forEach((topic) -> meters.counter("paperlink.consumer.dead.letters", "topic", topic));
		ConsumerRecordRecoverer counted = (record, ex) -> {
			meters.counter("paperlink.consumer.dead.letters", "topic", record.topic()).increment();
			recoverer.accept(record, ex);
		};
		DefaultErrorHandler handler = new DefaultErrorHandler(counted, backOff);
		handler.addNotRetryableExceptions(PoisonRecordException.class);
		return handler;
	}

	@Bean
	@CreatesTopics
	KafkaAdmin.NewTopics allianceTopics(@Value("${paperlink.kafka.partitions:3}") int partitions,
			@Value("${paperlink.kafka.replication-factor:1}") short replicationFactor) {
		return new KafkaAdmin.NewTopics(Topics.declarations(partitions, replicationFactor).toArray(NewTopic[]::new));
	}

}
