package org.paperlink.processes;

import java.nio.ByteBuffer;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How the store keeps a document in its H2 file: as BSON, the form it arrived in over the
 * wire, behind a marker byte. The H2 backend's default ({@link ObjectDataType}) writes
 * each document with Java serialization, which took most of the store's CPU and
 * allocation under load (docs/benchmarks.md). Values written before, in that form, are
 * still read: the marker is a byte the default never starts a value with, and each value
 * is rewritten as BSON when its document next changes.
 */
final class BsonDocumentType extends BasicDataType<Document> {

	static final BsonDocumentType INSTANCE = new BsonDocumentType();

	/** Above every type tag {@link ObjectDataType} writes (the highest is below 128). */
	private static final byte BSON = (byte) 0xB5;

	private final ObjectDataType earlierForm = new ObjectDataType();

	private BsonDocumentType() {
	}

	@Override
	public void write(WriteBuffer buffer, Document document) {
		ByteBuf encoded = Unpooled.buffer();
		try {
			BsonEncoder.encodeDocument(document, encoded);
			buffer.put(BSON).putInt(encoded.readableBytes());
			buffer.put(encoded.nioBuffer());
		}
		finally {
			encoded.release();
		}
	}

	@Override
	public Document read(ByteBuffer buffer) {
		if (buffer.get(buffer.position()) != BSON) {
			return (Document) this.earlierForm.read(buffer);
		}
		buffer.get();
		int length = buffer.getInt();
		ByteBuffer bson = buffer.slice();
		bson.limit(length);
		buffer.position(buffer.position() + length);
		return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
	}

	/**
	 * A rough size for the page cache's accounting: encoding a document to measure it
	 * costs too much.
	 */
	@Override
	public int getMemory(Document document) {
		return 128 + 64 * document.size();
	}

	@Override
	public Document[] createStorage(int size) {
		return new Document[size];
	}

}
