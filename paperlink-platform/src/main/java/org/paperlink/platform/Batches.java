package org.paperlink.platform;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Items handed over from any thread, taken in batches: the one way PaperLink gathers
 * single writes (an outcome, a hand-over) into bulk ones. A batch is cut when it is full,
 * or {@code window} after its first item, and none is cut before the one before it was
 * taken, so a slow consumer gets bigger batches instead of an overflow.
 * <p>
 * Its test hands over items from four threads at once to a slow consumer and counts each
 * one: Reactor Core up to 3.8.6 could strand items in this operator for good (in the
 * fault suite, notification-service's outcomes, and with them every delivery line,
 * stopped until a restart); the build pins a release that does not.
 */
public final class Batches<T> {

	/** How long a hand-over spins while another thread hands over at the same moment. */
	private static final Duration CONTENDED = Duration.ofSeconds(5);

	private final Sinks.Many<T> items = Sinks.many().unicast().onBackpressureBuffer();

	private final Flux<List<T>> batches;

	public Batches(int maxSize, Duration window) {
		this.batches = this.items.asFlux().bufferTimeout(maxSize, window, true);
	}

	/** Hands an item over; safe from any thread. */
	public void add(T item) {
		this.items.emitNext(item, Sinks.EmitFailureHandler.busyLooping(CONTENDED));
	}

	/** The batches, for the one subscriber that takes them. */
	public Flux<List<T>> batches() {
		return this.batches;
	}

}
