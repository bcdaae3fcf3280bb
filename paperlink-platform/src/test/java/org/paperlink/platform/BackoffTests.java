package org.paperlink.platform;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTests {

	@Test
	void doublesFromTheFirstWaitUpToTheLongest() {
		Backoff backoff = Backoff.of(Duration.ofMillis(500), Duration.ofSeconds(30));
		assertThat(backoff.after(1)).isEqualTo(Duration.ofMillis(500));
		assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(1));
		assertThat(backoff.after(4)).isEqualTo(Duration.ofSeconds(4));
		assertThat(backoff.after(7)).isEqualTo(Duration.ofSeconds(30));
		assertThat(backoff.after(1_000)).as("no overflow after many failures").isEqualTo(Duration.ofSeconds(30));
	}

	@RepeatedTest(20)
	void jitterSpreadsTheWaitWithinItsShare() {
		Duration wait = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5), 0.3).after(3);
		assertThat(wait).isBetween(Duration.ofMillis(5_600), Duration.ofMillis(10_400));
	}

	@Test
	void retriesAFailureWithTheseWaitsThenGivesUpWithTheLastFailure() {
		AtomicInteger calls = new AtomicInteger();
		Mono<String> flaky = Mono.defer(
				() -> (calls.incrementAndGet() < 3) ? Mono.error(new IllegalStateException("down")) : Mono.just("up"));
		StepVerifier.create(flaky.retryWhen(Backoff.of(Duration.ofMillis(10), Duration.ofMillis(20)).retries(5)))
			.expectNext("up")
			.verifyComplete();
		assertThat(calls).hasValue(3);
		calls.set(0);
		StepVerifier
			.create(Mono.error(new IllegalStateException("still down"))
				.doOnSubscribe((subscription) -> calls.incrementAndGet())
				.retryWhen(Backoff.of(Duration.ofMillis(10), Duration.ofMillis(20)).retries(2)))
			.expectErrorMessage("still down")
			.verify();
		assertThat(calls).hasValue(3);
	}

	@Test
	void retriesOnlyTheFailuresItIsToldTo() {
		AtomicInteger calls = new AtomicInteger();
		StepVerifier
			.create(Mono.error(new IllegalArgumentException("poison"))
				.doOnSubscribe((subscription) -> calls.incrementAndGet())
				.retryWhen(Backoff.of(Duration.ofMillis(10), Duration.ofMillis(20))
					.retries(5, (failure) -> failure instanceof IllegalStateException)))
			.expectErrorMessage("poison")
			.verify();
		assertThat(calls).hasValue(1);
	}

}
