package org.paperlink.platform;

import java.time.Duration;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

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

}
