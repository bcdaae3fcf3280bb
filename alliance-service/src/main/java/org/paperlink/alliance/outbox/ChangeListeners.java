package org.paperlink.alliance.outbox;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.paperlink.alliance.domain.Aggregate;

/**
 * What this replica keeps in memory from a collection (the overview's figures), told of
 * each aggregate the {@link AggregateStore} writes here, as written, by its type.
 * Registered in the service's wiring ({@code AllianceWiring}); another replica's writes
 * reach such a cache when it reads the store again.
 */
public final class ChangeListeners {

	private final Map<Class<?>, List<Consumer<Aggregate>>> written = new HashMap<>();

	private final Map<Class<?>, List<Runnable>> manyWritten = new HashMap<>();

	/**
	 * {@code written} hears of each aggregate of this type as stored; {@code manyWritten}
	 * of many written at once, without the store (a seed).
	 */
	public <T extends Aggregate> ChangeListeners on(Class<T> type, Consumer<? super T> written, Runnable manyWritten) {
		// looked up by the written aggregate's own class: a supertype would never hear
		if (!Modifier.isFinal(type.getModifiers())) {
			throw new IllegalArgumentException(type + " is not a final aggregate type");
		}
		this.written.computeIfAbsent(type, (key) -> new ArrayList<>())
			.add((aggregate) -> written.accept(type.cast(aggregate)));
		this.manyWritten.computeIfAbsent(type, (key) -> new ArrayList<>()).add(manyWritten);
		return this;
	}

	void written(Aggregate stored) {
		this.written.getOrDefault(stored.getClass(), List.of()).forEach((listener) -> listener.accept(stored));
	}

	/** Many aggregates of this type were written at once, in ways not told one by one. */
	public void manyWritten(Class<? extends Aggregate> type) {
		this.manyWritten.getOrDefault(type, List.of()).forEach(Runnable::run);
	}

}
