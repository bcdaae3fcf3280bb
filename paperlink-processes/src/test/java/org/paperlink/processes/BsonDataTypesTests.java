package org.paperlink.processes;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ids and index keys as the store writes them: the common kinds directly, the rest as a
 * one-field BSON document, and values in a file of an earlier release (all BSON) read
 * alike.
 */
class BsonDataTypesTests {

	private static final List<Object> VALUES = Arrays.asList("纸联 PaperLink", "", new ObjectId(), 42, Long.MAX_VALUE,
			2.5, true, false, null, Instant.ofEpochMilli(1_780_000_000_123L), new Document("nested", List.of(1, "two")),
			List.of("a", 3L), Missing.getInstance());

	@Test
	void everyKindOfValueReadsBackAsItWasWrittenAndOfTheSameType() {
		WriteBuffer buffer = new WriteBuffer();
		for (Object value : VALUES) {
			BsonDataTypes.writeValue(buffer, value);
		}
		ByteBuffer written = buffer.getBuffer();
		written.flip();
		for (Object value : VALUES) {
			Object read = BsonDataTypes.readValue(written);
			assertThat(read).isEqualTo(value);
			if (value != null && !(value instanceof java.util.Collection) && !(value instanceof java.util.Map)) {
				// an int stays an int: the server's value order keeps the widths apart
				assertThat(read).hasSameClassAs(value);
			}
		}
		assertThat(written.hasRemaining()).isFalse();
	}

	@Test
	void valuesOfAnEarlierReleaseAllWrittenAsBsonAreRead() {
		WriteBuffer buffer = new WriteBuffer();
		for (Object value : VALUES.subList(0, VALUES.size() - 1)) {
			// what the release before wrote for every value
			buffer.put((byte) 1).put(BsonDataTypes.encode(new Document("", value)));
		}
		ByteBuffer written = buffer.getBuffer();
		written.flip();
		for (Object value : VALUES.subList(0, VALUES.size() - 1)) {
			assertThat(BsonDataTypes.readValue(written)).isEqualTo(value);
		}
	}

}
