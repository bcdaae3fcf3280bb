package org.paperlink.platform;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness at start, beyond the web server's: a replica takes traffic only once what it
 * needs to act on a request has started for real. Its Kafka listeners have joined their
 * groups (else the first capacity report after "ready" waits seconds for a rebalance
 * before anyone hears of it) and the outbox relay has made its first sweep.
 * <p>
 * It latches: once each awaited thing has happened, the replica stays ready. A later
 * Kafka outage must not take a replica out of service, since the outbox absorbs writes
 * meanwhile. Part of the readiness group as {@code startup}.
 */
public class StartupReadiness implements HealthIndicator {

	private final Map<String, Boolean> awaited = new ConcurrentHashMap<>();

	/** Ready only after {@link #reached(String)} is called with the same name. */
	public void awaiting(String what) {
		this.awaited.putIfAbsent(what, false);
	}

	public void reached(String what) {
		this.awaited.put(what, true);
	}

	@Override
	public Health health() {
		List<String> waiting = this.awaited.entrySet()
			.stream()
			.filter((entry) -> !entry.getValue())
			.map(Map.Entry::getKey)
			.sorted()
			.toList();
		return waiting.isEmpty() ? Health.up().build() : Health.outOfService().withDetail("waiting", waiting).build();
	}

}
