package org.paperlink.processes;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * How the store keeps documents, ids and index keys on disk: as BSON, the server's own
 * wire encoding, and ordered by the server's own value order. H2's default
 * ({@code ObjectDataType}) kept them by Java serialisation, and compared two index keys
 * (not {@code Comparable}) by serialising both at every step of every index descent.
 */
final class BsonDataTypes {

	/** A value's tag: the server's "missing" marker, which BSON cannot hold. */
	private static final byte MISSING = 0;

	/** A value's tag: a BSON document {@code {"": value}} follows. */
	private static final byte BSON = 1;

	/*
	 * Tags of the values ids and index keys mostly are, written directly: wrapping each
	 * in a one-field document and BSON-encoding it (a map and a buffer per value, for
	 * every key of every page a commit writes) was a tenth of the store's CPU under
	 * inserts. Files of earlier releases hold only BSON-tagged values, which are still
	 * read.
	 */

	/** A UTF-8 string: its byte length as a var-int, then the bytes. */
	private static final byte STRING = 2;

	/** An ObjectId: its 12 bytes. */
	private static final byte OBJECT_ID = 3;

	private static final byte INT32 = 4;

	private static final byte INT64 = 5;

	private static final byte DOUBLE = 6;

	private static final byte FALSE = 7;

	private static final byte TRUE = 8;

	private static final byte NULL = 9;

	/** A date, as BSON keeps it: milliseconds since the epoch. */
	private static final byte DATE = 10;

	private BsonDataTypes() {
	}

	/** Documents of a collection, as BSON. */
	static final class DocumentType extends BasicDataType<Document> {

		static final DocumentType INSTANCE = new DocumentType();

		@Override
		public int getMemory(Document document) {
			return estimate(document);
		}

		@Override
		public void write(WriteBuffer buffer, Document document) {
			buffer.put(encode(document));
		}

		@Override
		public Document read(ByteBuffer buffer) {
			return decode(buffer);
		}

		@Override
		public Document[] createStorage(int size) {
			return new Document[size];
		}

	}

	/**
	 * A single value: a document's id (its position in the collection) or an index
	 * entry's position, compared in the server's value order.
	 */
	static final class ValueType extends BasicDataType<Object> {

		static final ValueType INSTANCE = new ValueType();

		@Override
		public int getMemory(Object value) {
			return estimateValue(value);
		}

		@Override
		public void write(WriteBuffer buffer, Object value) {
			writeValue(buffer, value);
		}

		@Override
		public Object read(ByteBuffer buffer) {
			return readValue(buffer);
		}

		@Override
		public int compare(Object one, Object other) {
			return compareValues(one, other);
		}

		@Override
		public Object[] createStorage(int size) {
			return new Object[size];
		}

	}

	/** A unique index's key: its values in order, compared value by value. */
	static final class IndexKeyType extends BasicDataType<KeyValue> {

		static final IndexKeyType INSTANCE = new IndexKeyType();

		@Override
		public int getMemory(KeyValue key) {
			int memory = 32;
			for (Object value : key) {
				memory += estimateValue(value);
			}
			return memory;
		}

		@Override
		public void write(WriteBuffer buffer, KeyValue key) {
			buffer.putVarInt(key.size());
			for (Object value : key) {
				writeValue(buffer, value);
			}
		}

		@Override
		public KeyValue read(ByteBuffer buffer) {
			int size = org.h2.mvstore.DataUtils.readVarInt(buffer);
			List<Object> values = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				values.add(readValue(buffer));
			}
			return new KeyValue(values);
		}

		@Override
		public int compare(KeyValue one, KeyValue other) {
			int common = Math.min(one.size(), other.size());
			for (int i = 0; i < common; i++) {
				int compared = compareValues(one.get(i), other.get(i));
				if (compared != 0) {
					return compared;
				}
			}
			return Integer.compare(one.size(), other.size());
		}

		@Override
		public KeyValue[] createStorage(int size) {
			return new KeyValue[size];
		}

	}

	/**
	 * A total order, consistent with {@code equals} for the values the server keeps as
	 * ids and (normalised) index keys, as a sorted map needs: by BSON type, then by the
	 * natural order of strings, numbers, ObjectIds, dates and booleans, otherwise by the
	 * BSON encoding. The maps are only looked up by equal keys and iterated whole, so
	 * they need no more than that; the server's own comparator is not a total order (two
	 * empty lists compare below each other, NaN against large whole numbers goes round in
	 * a circle).
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static int compareValues(Object one, Object other) {
		int byType = Integer.compare(rank(one), rank(other));
		if (byType != 0) {
			return byType;
		}
		if (one == null || one instanceof Missing || one.equals(other)) {
			return 0;
		}
		if (one.getClass() == other.getClass() && (one instanceof String || one instanceof Number
				|| one instanceof Boolean || one instanceof java.time.Instant || one instanceof ObjectId)) {
			return ((Comparable) one).compareTo(other);
		}
		return java.util.Arrays.compareUnsigned(encodeValue(one), encodeValue(other));
	}

	/** The BSON type, Missing first; numbers of different widths stay apart. */
	private static int rank(Object value) {
		return (value instanceof Missing) ? -1000 : BsonEncoder.determineType(value);
	}

	static void writeValue(WriteBuffer buffer, Object value) {
		if (value instanceof Missing) {
			buffer.put(MISSING);
		}
		else if (value == null) {
			buffer.put(NULL);
		}
		else if (value instanceof String text) {
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			buffer.put(STRING).putVarInt(bytes.length).put(bytes);
		}
		else if (value instanceof ObjectId id) {
			buffer.put(OBJECT_ID).put(id.toByteArray());
		}
		else if (value instanceof Integer number) {
			buffer.put(INT32).putInt(number);
		}
		else if (value instanceof Long number) {
			buffer.put(INT64).putLong(number);
		}
		else if (value instanceof Double number) {
			buffer.put(DOUBLE).putDouble(number);
		}
		else if (value instanceof Boolean flag) {
			buffer.put(flag ? TRUE : FALSE);
		}
		else if (value instanceof Instant at) {
			buffer.put(DATE).putLong(at.toEpochMilli());
		}
		else {
			buffer.put(BSON);
			buffer.put(encode(new Document("", value)));
		}
	}

	static Object readValue(ByteBuffer buffer) {
		byte tag = buffer.get();
		switch (tag) {
			case MISSING:
				return Missing.getInstance();
			case NULL:
				return null;
			case STRING: {
				byte[] bytes = new byte[DataUtils.readVarInt(buffer)];
				buffer.get(bytes);
				return new String(bytes, StandardCharsets.UTF_8);
			}
			case OBJECT_ID: {
				byte[] bytes = new byte[12];
				buffer.get(bytes);
				return new ObjectId(bytes);
			}
			case INT32:
				return buffer.getInt();
			case INT64:
				return buffer.getLong();
			case DOUBLE:
				return buffer.getDouble();
			case FALSE:
				return false;
			case TRUE:
				return true;
			case DATE:
				return Instant.ofEpochMilli(buffer.getLong());
			case BSON:
				return decode(buffer).get("");
			default:
				throw new IllegalStateException("Unknown value tag " + tag + " in the store file");
		}
	}

	private static byte[] encodeValue(Object value) {
		return (value instanceof Missing) ? new byte[] { MISSING } : encode(new Document("", value));
	}

	/**
	 * The document's BSON. A value the server keeps in memory but BSON cannot hold (the
	 * "missing" marker an aggregation can leave in a list) is written as null in a list
	 * and left out of a document, rather than failing the commit that writes it.
	 */
	static byte[] encode(Map<String, ?> document) {
		try {
			return encodeAsIs(document);
		}
		catch (IllegalArgumentException ex) {
			return encodeAsIs(withoutMissing(document));
		}
	}

	@SuppressWarnings("unchecked")
	private static Document withoutMissing(Map<String, ?> document) {
		Document copy = new Document();
		document.forEach((name, value) -> {
			if (!(value instanceof Missing)) {
				copy.put(name, withoutMissingValue(value));
			}
		});
		return copy;
	}

	@SuppressWarnings("unchecked")
	private static Object withoutMissingValue(Object value) {
		if (value instanceof Map<?, ?> map) {
			return withoutMissing((Map<String, ?>) map);
		}
		if (value instanceof Collection<?> values) {
			List<Object> copy = new ArrayList<>(values.size());
			values.forEach((element) -> copy.add((element instanceof Missing) ? null : withoutMissingValue(element)));
			return copy;
		}
		return value;
	}

	private static byte[] encodeAsIs(Map<String, ?> document) {
		ByteBuf buffer = Unpooled.buffer(256);
		try {
			BsonEncoder.encodeDocument(document, buffer);
			byte[] bytes = new byte[buffer.readableBytes()];
			buffer.readBytes(bytes);
			return bytes;
		}
		finally {
			buffer.release();
		}
	}

	/** Reads one BSON document at the buffer's position and moves past it. */
	static Document decode(ByteBuffer buffer) {
		int length = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt();
		ByteBuffer document = buffer.slice();
		document.limit(length);
		buffer.position(buffer.position() + length);
		return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(document));
	}

	/** A rough size in memory, for H2's page sizes and cache accounting. */
	private static int estimate(Map<String, ?> document) {
		int memory = 48;
		for (Map.Entry<String, ?> field : document.entrySet()) {
			memory += 32 + 2 * field.getKey().length() + estimateValue(field.getValue());
		}
		return memory;
	}

	@SuppressWarnings("unchecked")
	private static int estimateValue(Object value) {
		if (value instanceof String text) {
			return 40 + 2 * text.length();
		}
		if (value instanceof Map<?, ?> map) {
			return estimate((Map<String, ?>) map);
		}
		if (value instanceof Collection<?> values) {
			int memory = 32;
			for (Object element : values) {
				memory += 8 + estimateValue(element);
			}
			return memory;
		}
		return 24;
	}

}
