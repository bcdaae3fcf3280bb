package org.paperlink.localstack;

import java.util.Map;

/**
 * One local run with two replicas of each service, shared by the test classes that can
 * use the same data: the console's browser tests first, on the fresh demo alliance, then
 * the two-replica scenarios ({@code junit-platform.properties} orders the classes). A
 * start of four service JVMs is the slowest thing the tests do, so it is done once. The
 * last class to use it stops it, so that its JVMs do not slow the tests after; should a
 * class run alone, it stops when the test JVM ends.
 */
final class SharedLocalRun {

	/**
	 * The test client stands for the ingress and signs in often (30 public writes a
	 * minute per replica); deliveries retry every few seconds, for about two minutes, and
	 * each replica's safety sweep for pending deliveries runs every 10 s.
	 */
	static final Map<String, String> PROPERTIES = Map.of("paperlink.rate-limits.trusted-proxies", "127.0.0.1/32",
			"paperlink.rate-limits.public-capacity", "60", "paperlink.delivery.max-backoff", "4s",
			"paperlink.delivery.max-attempts", "30", "paperlink.delivery.sweep-interval", "10s");

	private static LocalStack stack;

	private SharedLocalRun() {
	}

	static synchronized LocalStack twoReplicas() {
		if (stack == null) {
			LocalStack started = new LocalStack(LocalRunClient.isolatedSettings("two-replicas").withReplicas(2),
					PROPERTIES);
			Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-local-run-stop"));
			started.start(System.out::println);
			stack = started;
		}
		return stack;
	}

	static synchronized void stop() {
		if (stack != null) {
			stack.close();
			stack = null;
		}
	}

}
