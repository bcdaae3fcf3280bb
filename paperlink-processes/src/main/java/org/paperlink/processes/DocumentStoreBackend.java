package org.paperlink.processes;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mongo-java-server's H2 backend as the alliance's system of record:
 * <ul>
 * <li><b>Durable before the reply.</b> A write is answered only once its changes are in
 * the {@link Journal} and synced to disk ({@link GroupCommit}); concurrent writes share
 * one journal write and one sync. The file itself is committed about once a second, and
 * the journal applied again at start after a crash. H2's own auto-commit wrote about once
 * a second, after the write had been answered.</li>
 * <li><b>BSON on disk, the server's value order in the indexes</b>
 * ({@link BsonDataTypes}), instead of Java serialisation and comparing index keys by
 * serialising them.</li>
 * <li><b>{@code fsyncLock}</b> ({@link WriteFreeze}): writes wait while a backup copies
 * the store at one point in time.</li>
 * <li><b>A guarded update is answered from the {@code _id} index:</b> a query that names
 * {@code _id} by value <em>and</em> further fields (such as {@code {_id: 42, version:
 * 7}}) reads one document, then is checked against the rest, as MongoDB does. The
 * stand-in otherwise used an index only when a query names exactly its keys, and scanned
 * and decoded the whole collection under its lock.</li>
 * </ul>
 * A file written by an earlier release (Java serialisation) is converted at start by
 * {@link StoreFileUpgrade}.
 */
public class DocumentStoreBackend extends H2Backend {

	private static final Logger log = LoggerFactory.getLogger(DocumentStoreBackend.class);

	private static final String ID = "_id";

	/**
	 * The map that marks a file as written in this format; no dot in its name, since
	 * dropping a database removes every map named after it and a dot.
	 */
	static final String FORMAT_MAP = "paperlink-format";

	static final String FORMAT = "bson-1";

	/** The commands that change data; only they wait for the disk. */
	private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "create",
			"createindexes", "drop", "dropdatabase", "dropindexes", "deleteindexes", "renamecollection", "collmod");

	/**
	 * The commands that create, drop or rename maps, which the journal does not replay:
	 * the store's file is committed before they are answered.
	 */
	private static final Set<String> STRUCTURAL = Set.of("create", "createindexes", "drop", "dropdatabase",
			"dropindexes", "deleteindexes", "renamecollection", "collmod");

	private static final int RETENTION_MILLIS = 10_000;

	/** When a write is answered. */
	public enum Durability {

		/**
		 * Once it is journaled and synced to disk (MongoDB's {@code j: true}); the
		 * store's file is committed about once a second.
		 */
		SYNCED,

		/**
		 * Before it reaches the disk: H2 commits about once a second. What the store did
		 * before; kept to measure what durability costs, and to show that the fault suite
		 * sees the difference.
		 */
		DELAYED;

		public static Durability named(String name) {
			return valueOf(name.trim().toUpperCase(Locale.ROOT));
		}

	}

	private final AtomicLong documentsRead = new AtomicLong();

	/**
	 * MongoDB's fsyncLock, which a backup takes to copy the store at one point in time.
	 */
	private final WriteFreeze writeFreeze = new WriteFreeze();

	/** Commands answered: the store compacts its file only while this stands still. */
	private final AtomicLong commands = new AtomicLong();

	private final GroupCommit groupCommit;

	/**
	 * @param journal the journal the store's maps append to, opened (and applied) before;
	 * null if the store answers before the disk, or keeps no file
	 */
	private DocumentStoreBackend(MVStore store, Journal journal, Consumer<RuntimeException> onCommitFailure) {
		super(store);
		MVMap<String, Object> format = store.openMap(FORMAT_MAP);
		// a new file is written in this format from its first map
		format.putIfAbsent("format", FORMAT);
		this.groupCommit = (journal != null)
				? new GroupCommit(store, journal, format, this.commands::get, onCommitFailure) : null;
	}

	/**
	 * The store kept in the H2 file at {@code file}, converted first if an earlier
	 * release wrote it.
	 * @param onCommitFailure told if a commit or sync fails, after which nothing can be
	 * promised: the store's process exits so that it is started again
	 */
	public static DocumentStoreBackend open(Path file, Durability durability,
			Consumer<RuntimeException> onCommitFailure) {
		StoreFileUpgrade.upgradeIfNeeded(file);
		int cacheMegabytes = cacheMegabytes();
		MVStore.Builder builder = new MVStore.Builder().fileName(file.toString()).cacheSize(cacheMegabytes);
		if (durability == Durability.SYNCED) {
			// the checkpoints commit; H2's background writer would commit behind their
			// back,
			// and a writer whose change finds more than this unsaved would commit the
			// file
			// itself, on the thread of the client it answers (19 MB by default, a second
			// of
			// a busy store's changes)
			builder.autoCommitDisabled()
				.autoCommitBufferSize((int) Math.max(19 * 1024, Runtime.getRuntime().maxMemory() / 4 / 1024));
		}
		log.info("Opening {} ({} durability, {} MB page cache)", file, durability, cacheMegabytes);
		MVStore store = builder.open();
		if (durability == Durability.DELAYED) {
			return new DocumentStoreBackend(store, null, onCommitFailure);
		}
		// H2 keeps freed chunks 45 s in case the disk has not flushed them; each
		// checkpoint is synced here, and every query reads its pages within its call, so
		// 10 s is ample
		store.setRetentionTime(RETENTION_MILLIS);
		Object checkpointed = store.openMap(FORMAT_MAP).get(GroupCommit.CHECKPOINTED);
		Journal journal = Journal.open(store, file, (checkpointed != null) ? ((Number) checkpointed).longValue() : 0,
				(name) -> openMap(store, name));
		return new DocumentStoreBackend(store, journal, onCommitFailure);
	}

	/** The same store, with durable writes, for tests. */
	public static DocumentStoreBackend open(Path file) {
		return open(file, Durability.SYNCED, (failure) -> {
		});
	}

	/** A store in memory, for tests. */
	public static DocumentStoreBackend inMemory() {
		return new DocumentStoreBackend(MVStore.open(null), null, (failure) -> {
		});
	}

	/**
	 * A third of the heap: the whole register of an alliance, its history and inboxes
	 * stay in memory, where H2's default of 16 MB read a 64-client run back from the file
	 * again and again.
	 */
	private static int cacheMegabytes() {
		return (int) Math.max(16, Runtime.getRuntime().maxMemory() / 3 / (1024 * 1024));
	}

	/**
	 * How many stored documents queries have read and decoded since the start: what a
	 * collection scan costs, where an index lookup reads one.
	 */
	public long documentsRead() {
		return this.documentsRead.get();
	}

	/**
	 * How many commits made writes durable: fewer than the writes when they share one.
	 */
	public long commits() {
		return (this.groupCommit != null) ? this.groupCommit.commits() : 0;
	}

	@Override
	public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
		this.commands.incrementAndGet();
		String name = command.toLowerCase(Locale.ROOT);
		if ("fsync".equals(name) && isTrue(query.get("lock"))) {
			return this.writeFreeze.freeze(channel);
		}
		if ("fsyncunlock".equals(name)) {
			return this.writeFreeze.thaw(channel);
		}
		if (!changesData(command, query)) {
			return super.handleCommand(channel, databaseName, command, query);
		}
		if (STRUCTURAL.contains(name)) {
			// alone, and checkpointed before any other write: a write to the collection
			// renamed or created must not be journaled before the file holds the change
			return this.writeFreeze.alone(() -> {
				try {
					return super.handleCommand(channel, databaseName, command, query);
				}
				finally {
					if (this.groupCommit != null) {
						this.groupCommit.mapsChanged();
					}
				}
			});
		}
		this.writeFreeze.beginWrite();
		try {
			return super.handleCommand(channel, databaseName, command, query);
		}
		finally {
			this.writeFreeze.endWrite();
			// a write that failed half-way (a delete of many) is answered durable too
			if (this.groupCommit != null) {
				this.groupCommit.awaitDurable();
			}
		}
	}

	private static boolean isTrue(Object value) {
		return Boolean.TRUE.equals(value) || (value instanceof Number number && number.intValue() != 0);
	}

	private static boolean changesData(String command, Document query) {
		String name = command.toLowerCase(Locale.ROOT);
		if (WRITES.contains(name)) {
			return true;
		}
		// an aggregation writes only into $out or $merge
		if (!"aggregate".equals(name)) {
			return false;
		}
		String pipeline = String.valueOf(query.get("pipeline"));
		return pipeline.contains("$out") || pipeline.contains("$merge");
	}

	@Override
	public void close() {
		if (this.groupCommit != null) {
			this.groupCommit.close();
		}
		super.close();
	}

	@Override
	protected MongoDatabase openOrCreateDatabase(String databaseName) {
		return new BsonDatabase(databaseName);
	}

	/** The map names of a collection's documents and indexes: H2Database's own. */
	static String documentsMap(String namespace) {
		return "databases." + namespace;
	}

	static boolean isDocumentsMap(String mapName) {
		return mapName.startsWith("databases.");
	}

	static boolean isIndexMap(String mapName) {
		return !isDocumentsMap(mapName) && !mapName.startsWith("meta.") && mapName.contains("._index_");
	}

	static MVMap.Builder<Object, Document> documentsMapType() {
		return new JournaledMap.Builder<Object, Document>().keyType(BsonDataTypes.ValueType.INSTANCE)
			.valueType(BsonDataTypes.DocumentType.INSTANCE);
	}

	static MVMap.Builder<KeyValue, Object> indexMapType() {
		return new JournaledMap.Builder<KeyValue, Object>().keyType(BsonDataTypes.IndexKeyType.INSTANCE)
			.valueType(BsonDataTypes.ValueType.INSTANCE);
	}

	/** A collection's own figures (its data size), in H2's default types. */
	static MVMap.Builder<String, Object> metaMapType() {
		return new JournaledMap.Builder<>();
	}

	/**
	 * One of the maps a journal record names, with the types the backend opens it with.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static MVMap<Object, Object> openMap(MVStore store, String name) {
		if (isDocumentsMap(name)) {
			return (MVMap) store.openMap(name, documentsMapType());
		}
		if (isIndexMap(name)) {
			return (MVMap) store.openMap(name, indexMapType());
		}
		if (name.startsWith("meta.")) {
			return (MVMap) store.openMap(name, metaMapType());
		}
		throw new IllegalStateException("The journal names a map the store does not keep: " + name);
	}

	/**
	 * An inner class on purpose: H2Database opens its collections from its constructor,
	 * before a subclass's own fields are set, but the enclosing backend is already known.
	 */
	private final class BsonDatabase extends H2Database {

		BsonDatabase(String name) {
			super(name, getMvStore(), getCursorRegistry());
		}

		@Override
		protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
			String namespace = getFullCollectionNamespace(collectionName);
			MVStore store = getMvStore();
			return new IdAddressedCollection(this, collectionName, options,
					store.openMap(documentsMap(namespace), documentsMapType()),
					store.openMap("meta." + namespace, metaMapType()));
		}

		@Override
		protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
				boolean sparse) {
			// opened here with its types first, H2Database's own index then takes the
			// open map
			getMvStore().openMap(getFullCollectionNamespace(collectionName) + "._index_" + indexName, indexMapType());
			return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
		}

	}

	private final class IdAddressedCollection extends H2Collection {

		IdAddressedCollection(MongoDatabase database, String name, CollectionOptions options,
				MVMap<Object, Document> data, MVMap<String, Object> meta) {
			super(database, name, options, data, meta, getCursorRegistry());
		}

		@Override
		protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
				int batchSize, Document fieldSelector) {
			Object id = query.get(ID);
			if (query.size() > 1 && (isPlainValue(id) || isIdList(id))) {
				Document byId = new Document(ID, id);
				for (Index<Object> index : getIndexes()) {
					if (isIdIndex(index) && index.canHandle(byId)) {
						return matchDocuments(query, index.getPositions(byId), orderBy, numberToSkip, limit, batchSize,
								fieldSelector);
					}
				}
			}
			return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
		}

		@Override
		protected Document getDocument(Object position) {
			DocumentStoreBackend.this.documentsRead.incrementAndGet();
			return super.getDocument(position);
		}

		/**
		 * Copies of what a query found: the server updates a found document in place, and
		 * the stored one may be being written to disk by a commit at that moment.
		 */
		@Override
		protected QueryResult createQueryResult(List<Document> matchedDocuments, int batchSize) {
			return super.createQueryResult(matchedDocuments.stream().map(Document::cloneDeeply).toList(), batchSize);
		}

		private static boolean isIdIndex(Index<Object> index) {
			List<IndexKey> keys = index.getKeys();
			return keys.size() == 1 && ID.equals(keys.get(0).getKey());
		}

		/**
		 * {@code {$in: [...]}} alone: these documents, as MongoDB finds them by the
		 * {@code _id} index whatever else the query asks (mongo-java-server uses an index
		 * only for a query of its keys alone, and scanned the collection otherwise).
		 */
		private static boolean isIdList(Object value) {
			return value instanceof Document operators && operators.size() == 1
					&& operators.get("$in") instanceof java.util.Collection<?>;
		}

		/**
		 * An equality with a value, not an operator document ({@code $in}, {@code $gt},
		 * …), a list or a pattern, whose meaning is not "this one document".
		 */
		private static boolean isPlainValue(Object value) {
			return value != null && !(value instanceof Document) && !(value instanceof java.util.Collection<?>)
					&& !(value instanceof Pattern) && !value.getClass().isArray();
		}

	}

}
