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
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Failure handling of every listener: a record that fails is retried with exponential
 * backoff a bounded number of times, then published to {@code <topic>-dlt} with the
 * reason in its headers, and the consumer moves on. A poison record skips the retries; a
 * failure of the store or the network waits until it is back ({@link #untilBack}).
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
		handler.setBackOffFunction((record, ex) -> untilBack(ex, initialBackoffMs));
		return handler;
	}

	/**
	 * The wait for a failure of what the consumer depends on (the store unreachable, a
	 * MongoDB fail-over, a timeout): retried until it is back, at most every 30 s, and
	 * never dead-lettered, since the record itself is fine. Null for any other failure,
	 * which takes the bounded retries and then the dead-letter topic.
	 */
	static BackOff untilBack(Exception failure, long initialBackoffMs) {
		if (!isTransient(failure)) {
			return null;
		}
		ExponentialBackOff untilBack = new ExponentialBackOff(initialBackoffMs, 2.0);
		untilBack.setMaxInterval(Duration.ofSeconds(30).toMillis());
		return untilBack;
	}

	static boolean isTransient(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof PoisonRecordException) {
				return false;
			}
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof RecoverableDataAccessException || cause instanceof MongoSocketException
					|| cause instanceof MongoTimeoutException || cause instanceof TimeoutException
					|| cause instanceof ConnectException) {
				return true;
			}
		}
		return false;
	}

	@Bean
	@CreatesTopics
	KafkaAdmin.NewTopics allianceTopics(@Value("${paperlink.kafka.partitions:3}") int partitions,
			@Value("${paperlink.kafka.replication-factor:1}") short replicationFactor) {
		return new KafkaAdmin.NewTopics(Topics.declarations(partitions, replicationFactor).toArray(NewTopic[]::new));
	}

}
