package org.paperlink.processes;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
	 * The server's value order, made total and consistent with {@code equals}, as a
	 * sorted map needs: values the server counts as the same in order (1 and 1L, or two
	 * lists with the same smallest element) but which are not equal are told apart by
	 * their encoding.
	 */
	static int compareValues(Object one, Object other) {
		int compared = ValueComparator.ascWithoutListHandling().compare(one, other);
		if (compared != 0 || Objects.equals(one, other)) {
			return compared;
		}
		return java.util.Arrays.compare(encodeValue(one), encodeValue(other));
	}

	private static void writeValue(WriteBuffer buffer, Object value) {
		if (value instanceof Missing) {
			buffer.put(MISSING);
		}
		else {
			buffer.put(BSON);
			buffer.put(encode(new Document("", value)));
		}
	}

	private static Object readValue(ByteBuffer buffer) {
		byte tag = buffer.get();
		if (tag == MISSING) {
			return Missing.getInstance();
		}
		if (tag != BSON) {
			throw new IllegalStateException("Unknown value tag " + tag + " in the store file");
		}
		return decode(buffer).get("");
	}

	private static byte[] encodeValue(Object value) {
		return (value instanceof Missing) ? new byte[] { MISSING } : encode(new Document("", value));
	}

	static byte[] encode(Map<String, ?> document) {
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
