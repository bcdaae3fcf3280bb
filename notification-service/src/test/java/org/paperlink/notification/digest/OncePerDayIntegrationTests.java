package org.paperlink.notification.digest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.paperlink.notification.support.NotificationIntegrationTest;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A daily job (the digests) with two replicas: done once, and still done when the replica
 * that took it failed part-way.
 */
@NotificationIntegrationTest
class OncePerDayIntegrationTests {

	@Autowired
	private OncePerDay once;

	@Test
	void aJobThatFailedAfterItWasTakenIsDoneByTheNextTryAndThenNeverAgain() {
		String day = "test-job:" + UUID.randomUUID();
		AtomicInteger done = new AtomicInteger();

		Mono<String> failing = Mono.error(new IllegalStateException("SMTP went away mid-digest"));
		assertThat(this.once.run(day, Instant.now(), failing).onErrorResume((ex) -> Mono.just("failed")).block())
			.isEqualTo("failed");
		assertThat(this.once.isDone(day).block()).isFalse();

		Mono<String> job = Mono.fromSupplier(() -> "sent " + done.incrementAndGet());
		List<String> twoReplicasCatchingUp = Mono
			.zip(this.once.run(day, Instant.now(), job).defaultIfEmpty("not here"),
					this.once.run(day, Instant.now(), job).defaultIfEmpty("not here"))
			.map((both) -> List.of(both.getT1(), both.getT2()))
			.block();
		assertThat(twoReplicasCatchingUp).containsExactlyInAnyOrder("sent 1", "not here");
		assertThat(this.once.isDone(day).block()).isTrue();

		assertThat(this.once.run(day, Instant.now(), job).defaultIfEmpty("not here").block()).isEqualTo("not here");
		assertThat(done).hasValue(1);
	}

}
