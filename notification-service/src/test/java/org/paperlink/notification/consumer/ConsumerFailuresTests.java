package org.paperlink.notification.consumer;

import java.util.concurrent.TimeoutException;

import com.mongodb.MongoTimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store outage or a MongoDB fail-over must not dead-letter notifications: the consumer
 * waits and retries until the store is back. A poison record, or any other failure, keeps
 * the bounded retries and then the dead-letter topic.
 */
class ConsumerFailuresTests {

	@Test
	void aStoreThatIsDownIsWaitedForAsLongAsItTakesAtMostEveryThirtySeconds() {
		for (Exception outage : new Exception[] {
				new ListenerExecutionFailedException("listener failed",
						new DataAccessResourceFailureException("store down")),
				new ListenerExecutionFailedException("listener failed",
						new IllegalStateException(new MongoTimeoutException("no server"))),
				new ListenerExecutionFailedException("listener failed",
						new RuntimeException(new TimeoutException())) }) {
			BackOff backOff = KafkaConsumerConfiguration.untilBack(outage, 200);
			assertThat(backOff).as("%s waits", outage.getCause()).isNotNull();
			BackOffExecution waits = backOff.start();
			long longest = 0;
			// an hour and more of waiting: never given up
			for (int attempt = 0; attempt < 200; attempt++) {
				long wait = waits.nextBackOff();
				assertThat(wait).isNotEqualTo(BackOffExecution.STOP);
				longest = Math.max(longest, wait);
			}
			assertThat(longest).isEqualTo(30_000);
		}
	}

	@Test
	void aPoisonRecordOrAnyOtherFailureKeepsTheBoundedRetries() {
		assertThat(KafkaConsumerConfiguration.untilBack(
				new ListenerExecutionFailedException("listener failed",
						new PoisonRecordException("bad JSON", new DataAccessResourceFailureException("irrelevant"))),
				200))
			.isNull();
		assertThat(KafkaConsumerConfiguration.untilBack(
				new ListenerExecutionFailedException("listener failed", new IllegalStateException("a bug")), 200))
			.isNull();
	}

}
