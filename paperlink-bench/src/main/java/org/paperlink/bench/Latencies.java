package org.paperlink.bench;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Latency samples in nanoseconds, and their percentiles in milliseconds. */
final class Latencies {

	private final ConcurrentLinkedQueue<Long> samples = new ConcurrentLinkedQueue<>();

	void add(long nanos) {
		this.samples.add(nanos);
	}

	int count() {
		return this.samples.size();
	}

	double percentileMillis(double percentile) {
		long[] sorted = this.samples.stream().mapToLong(Long::longValue).sorted().toArray();
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1_000_000.0;
	}

	double maxMillis() {
		return this.samples.stream().mapToLong(Long::longValue).max().orElse(0) / 1_000_000.0;
	}

	String summary() {
		return String.format("p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms (n=%d)", percentileMillis(50),
				percentileMillis(99), percentileMillis(99.9), count());
	}

	static double[] of(long... nanos) {
		return Arrays.stream(nanos).mapToDouble((value) -> value / 1_000_000.0).toArray();
	}

}
