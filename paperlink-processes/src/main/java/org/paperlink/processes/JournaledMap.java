package org.paperlink.processes;

import java.lang.reflect.Field;
import java.util.Map;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.DataType;

/**
 * An H2 map whose changes are appended to the store's {@link Journal} as they are made.
 * mongo-java-server changes its maps by put, remove and put-if-absent alone; any other
 * change is refused before it is made, so that nothing reaches the store unjournaled.
 */
final class JournaledMap<K, V> extends MVMap<K, V> {

	/** H2's put-if-absent decision, not public; compared by identity. */
	private static final DecisionMaker<?> IF_ABSENT = decision("IF_ABSENT");

	/** Null where the store keeps no journal: in memory, or answering before the disk. */
	private final Journal journal;

	private JournaledMap(Map<String, Object> config, DataType<K> keyType, DataType<V> valueType) {
		super(config, keyType, valueType);
		this.journal = Journal.of((MVStore) config.get("store"));
	}

	@Override
	public V operate(K key, V value, DecisionMaker<? super V> decision) {
		if (!journaling()) {
			return super.operate(key, value, decision);
		}
		if (decision == DecisionMaker.PUT) {
			V previous = super.operate(key, value, decision);
			this.journal.put(this, key, value);
			return previous;
		}
		if (decision == DecisionMaker.REMOVE) {
			V previous = super.operate(key, value, decision);
			if (previous != null) {
				this.journal.remove(this, key);
			}
			return previous;
		}
		if (decision == IF_ABSENT) {
			V previous = super.operate(key, value, decision);
			if (previous == null) {
				this.journal.put(this, key, value);
			}
			return previous;
		}
		if (decision.getClass().getSimpleName().equals("RewriteDecisionMaker")) {
			// a compaction moving a page to a newer chunk: the entries stay as they are
			return super.operate(key, value, decision);
		}
		throw new UnsupportedOperationException("A change the journal does not record: " + decision);
	}

	@Override
	public void clear() {
		super.clear();
		if (journaling()) {
			this.journal.clear(this);
		}
	}

	private boolean journaling() {
		return this.journal != null && !this.journal.replaying();
	}

	private static DecisionMaker<?> decision(String name) {
		try {
			Field field = DecisionMaker.class.getDeclaredField(name);
			field.setAccessible(true);
			return (DecisionMaker<?>) field.get(null);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("H2's MVMap.DecisionMaker." + name + " is gone", ex);
		}
	}

	/** Opens maps of this kind, with the given key and value types. */
	static final class Builder<K, V> extends MVMap.Builder<K, V> {

		@Override
		protected MVMap<K, V> create(Map<String, Object> config) {
			config.put("singleWriter", false);
			return new JournaledMap<>(config, getKeyType(), getValueType());
		}

	}

}
