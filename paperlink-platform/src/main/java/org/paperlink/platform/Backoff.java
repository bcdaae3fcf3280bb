package org.paperlink.platform;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way PaperLink waits before trying again: {@code initial} × 2^(failures−1), at
 * most {@code max}, spread by ± {@code jitter} of itself so that many waiting at once do
 * not all come back together.
 *
 * @param jitter the share of the wait to spread by, from 0 (none) to 1
 */
public record Backoff(Duration initial, Duration max, double jitter) {

	public Backoff {
		if (jitter < 0 || jitter > 1) {
			throw new IllegalArgumentException("jitter must be between 0 and 1: " + jitter);
		}
	}

	/** Without jitter. */
	public static Backoff of(Duration initial, Duration max) {
		return new Backoff(initial, max, 0);
	}

	/** The wait after {@code failures} failures in a row (1 for the first). */
	public Duration after(int failures) {
		long doubled = this.initial.toMillis() * (1L << Math.min(Math.max(failures, 1) - 1, 30));
		long base = Math.min(this.max.toMillis(), doubled);
		if (this.jitter == 0) {
			return Duration.ofMillis(base);
		}
		double spread = this.jitter * base;
		long jittered = Math.round(base - spread + ThreadLocalRandom.current().nextDouble() * 2 * spread);
		return Duration.ofMillis(Math.max(1, jittered));
	}

}
