package org.paperlink.platform;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class StartupReadinessTests {

	@Test
	void outOfServiceNamingWhatItWaitsForUntilEachHasHappened() {
		StartupReadiness readiness = new StartupReadiness();
		readiness.awaiting("kafka listener market-feed");
		readiness.awaiting("outbox relay's first sweep");

		assertThat(readiness.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(readiness.health().getDetails()).containsEntry("waiting",
				List.of("kafka listener market-feed", "outbox relay's first sweep"));

		readiness.reached("outbox relay's first sweep");
		assertThat(readiness.health().getDetails()).containsEntry("waiting", List.of("kafka listener market-feed"));
		readiness.reached("kafka listener market-feed");
		assertThat(readiness.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void onceReachedItStaysReady() {
		StartupReadiness readiness = new StartupReadiness();
		readiness.awaiting("kafka listener market-feed");
		readiness.reached("kafka listener market-feed");
		// a listener whose container restarts is not awaited again
		readiness.awaiting("kafka listener market-feed");
		assertThat(readiness.health().getStatus()).isEqualTo(Status.UP);
	}

}
