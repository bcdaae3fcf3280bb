package org.paperlink.processes;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend, with one thing MongoDB does that it lacks: a query that
 * names {@code _id} by value <em>and</em> further fields (a guarded update such as
 * {@code {_id: 42, version: 7}}) is answered from the {@code _id} index, then checked
 * against the rest of the query. The stand-in otherwise uses an index only when the query
 * names exactly the index's keys, so every guarded update scanned and decoded the whole
 * collection under its lock. On MongoDB these queries hit the {@code _id} index anyway.
 * <p>
 * The data files are the H2 backend's own: a store written without this extension opens
 * with it, and the other way round.
 */
public class IdAddressedH2Backend extends H2Backend {

	private static final String ID = "_id";

	private final AtomicLong documentsRead = new AtomicLong();

	/** A store kept in the H2 file at {@code fileName}. */
	public IdAddressedH2Backend(String fileName) {
		super(fileName);
	}

	private IdAddressedH2Backend(MVStore store) {
		super(store);
	}

	/** A store in memory, for tests. */
	public static IdAddressedH2Backend inMemory() {
		return new IdAddressedH2Backend(MVStore.open(null));
	}

	/**
	 * How many stored documents queries have read and decoded since the start: what a
	 * collection scan costs, where an index lookup reads one.
	 */
	public long documentsRead() {
		return this.documentsRead.get();
	}

	@Override
	protected MongoDatabase openOrCreateDatabase(String databaseName) {
		return new IdAddressedDatabase(databaseName);
	}

	/**
	 * An inner class on purpose: H2Database opens its collections from its constructor,
	 * before a subclass's own fields are set, but the enclosing backend is already known.
	 */
	private final class IdAddressedDatabase extends H2Database {

		IdAddressedDatabase(String name) {
			super(name, getMvStore(), getCursorRegistry());
		}

		@Override
		protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
			// the map names are H2Database's own, so existing files keep their data
			String namespace = getFullCollectionNamespace(collectionName);
			MVStore store = getMvStore();
			return new IdAddressedCollection(this, collectionName, options, store.openMap("databases." + namespace),
					store.openMap("meta." + namespace));
		}

	}

	private final class IdAddressedCollection extends H2Collection {

		IdAddressedCollection(MongoDatabase database, String name, CollectionOptions options,
				org.h2.mvstore.MVMap<Object, Document> data, org.h2.mvstore.MVMap<String, Object> meta) {
			super(database, name, options, data, meta, getCursorRegistry());
		}

		@Override
		protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
				int batchSize, Document fieldSelector) {
			Object id = query.get(ID);
			if (query.size() > 1 && isPlainValue(id)) {
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
			IdAddressedH2Backend.this.documentsRead.incrementAndGet();
			return super.getDocument(position);
		}

		private static boolean isIdIndex(Index<Object> index) {
			List<IndexKey> keys = index.getKeys();
			return keys.size() == 1 && ID.equals(keys.get(0).getKey());
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
