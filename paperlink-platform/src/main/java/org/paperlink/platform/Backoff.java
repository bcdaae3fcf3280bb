package org.paperlink.platform;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

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

	/**
	 * These waits as a Reactor {@code retryWhen} spec: at most {@code maxRetries}
	 * retries, then the last failure.
	 */
	public Retry retries(long maxRetries) {
		return retries(maxRetries, (failure) -> true);
	}

	/** As {@link #retries(long)}, for the failures {@code retryable} accepts only. */
	public Retry retries(long maxRetries, Predicate<Throwable> retryable) {
		return Retry.from((failures) -> failures
			.concatMap((failure) -> (failure.totalRetries() < maxRetries && retryable.test(failure.failure()))
					? Mono.delay(after((int) Math.min(failure.totalRetries() + 1, Integer.MAX_VALUE)))
					: Mono.error(failure.failure())));
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
