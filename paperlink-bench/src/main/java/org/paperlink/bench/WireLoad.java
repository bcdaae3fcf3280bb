package org.paperlink.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.bson.BsonArray;
import org.bson.BsonBinaryWriter;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.ObjectId;

/**
 * Load on the MongoDB wire protocol, as {@link Wrk} is for HTTP: one thread, one
 * connection per client, each with one command in flight (a closed loop). A command is
 * encoded once and only its ids are written into each copy, so the generator costs a few
 * microseconds a command where the Java driver cost as much as the store it measured.
 * Every reply is read and checked: a command counts only if the store answered
 * {@code ok: 1} and did what was asked (one document inserted, one found).
 */
final class WireLoad {

	private static final int OP_MSG = 2013;

	private static final String FILLER = "纸".repeat(300);

	private final InetSocketAddress store;

	private final String database;

	private final String collection;

	WireLoad(String host, int port, String database, String collection) {
		this.store = new InetSocketAddress(host, port);
		this.database = database;
		this.collection = collection;
	}

	/**
	 * insertOne of a new document with a unique {@code memberId}, {@code clients} at a
	 * time for {@code duration}.
	 * @return documents inserted per second
	 */
	double inserts(int clients, Duration duration) {
		ObjectId idMarker = new ObjectId();
		String memberMarker = UUID.randomUUID().toString();
		BsonDocument document = new BsonDocument("_id", new BsonObjectId(idMarker))
			.append("memberId", new BsonString(memberMarker))
			.append("annualTonnes", new BsonInt32(250_000))
			.append("note", new BsonString(FILLER));
		byte[] template = message(new BsonDocument("insert", new BsonString(this.collection))
			.append("documents", new BsonArray(List.of(document)))
			.append("$db", new BsonString(this.database)));
		int idAt = indexOf(template, idMarker.toByteArray());
		int memberAt = indexOf(template, memberMarker.getBytes(StandardCharsets.US_ASCII));
		return run(clients, duration, () -> {
			byte[] command = template.clone();
			System.arraycopy(new ObjectId().toByteArray(), 0, command, idAt, 12);
			System.arraycopy(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII), 0, command, memberAt,
					36);
			return command;
		}, (reply) -> reply.getNumber("n").intValue() == 1 && !reply.containsKey("writeErrors"));
	}

	/**
	 * find by a random {@code _id} among the first 2,000 stored, {@code clients} at a
	 * time for {@code duration}.
	 * @return documents found per second
	 */
	double findsById(int clients, Duration duration) {
		List<byte[]> ids = someIds(2000);
		ObjectId idMarker = new ObjectId();
		byte[] template = message(new BsonDocument("find", new BsonString(this.collection))
			.append("filter", new BsonDocument("_id", new BsonObjectId(idMarker)))
			.append("limit", new BsonInt32(1))
			.append("singleBatch", BsonBoolean.TRUE)
			.append("$db", new BsonString(this.database)));
		int idAt = indexOf(template, idMarker.toByteArray());
		return run(clients, duration, () -> {
			byte[] command = template.clone();
			System.arraycopy(ids.get(ThreadLocalRandom.current().nextInt(ids.size())), 0, command, idAt, 12);
			return command;
		}, (reply) -> reply.getDocument("cursor").getArray("firstBatch").size() == 1);
	}

	private interface Commands {

		byte[] next();

	}

	private interface Check {

		boolean passed(RawBsonDocument reply);

	}

	/** The closed loop: per second, the commands whose replies passed {@code check}. */
	private double run(int clients, Duration duration, Commands commands, Check check) {
		long passed = 0;
		long failed = 0;
		List<Client> all = new ArrayList<>();
		try (Selector selector = Selector.open()) {
			long started = System.nanoTime();
			long end = started + duration.toNanos();
			for (int i = 0; i < clients; i++) {
				Client client = new Client(SocketChannel.open(this.store));
				all.add(client);
				client.channel.configureBlocking(false);
				client.channel.socket().setTcpNoDelay(true);
				client.channel.register(selector, SelectionKey.OP_READ, client);
				client.send(commands.next());
			}
			int busy = clients;
			while (busy > 0) {
				selector.select();
				Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
				while (ready.hasNext()) {
					Client client = (Client) ready.next().attachment();
					ready.remove();
					RawBsonDocument reply = client.read();
					if (reply == null) {
						continue;
					}
					if (reply.getNumber("ok").doubleValue() == 1.0 && check.passed(reply)) {
						passed++;
					}
					else {
						failed++;
					}
					if (System.nanoTime() < end) {
						client.send(commands.next());
					}
					else {
						client.channel.close();
						busy--;
					}
				}
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			if (failed > 0) {
				System.out.printf("[bench] %d commands of %d failed%n", failed, failed + passed);
			}
			return passed / seconds;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			all.forEach(Client::close);
		}
	}

	/** The {@code _id}s of the first {@code count} documents, as BSON ObjectId bytes. */
	private List<byte[]> someIds(int count) {
		try (SocketChannel channel = SocketChannel.open(this.store)) {
			Client client = new Client(channel);
			client.send(message(new BsonDocument("find", new BsonString(this.collection))
				.append("projection", new BsonDocument("_id", new BsonInt32(1)))
				.append("limit", new BsonInt32(count))
				.append("batchSize", new BsonInt32(count))
				.append("$db", new BsonString(this.database))));
			RawBsonDocument reply;
			while ((reply = client.read()) == null) {
				// a blocking channel: read until the whole reply is in
			}
			List<byte[]> ids = new ArrayList<>();
			for (BsonValue found : reply.getDocument("cursor").getArray("firstBatch")) {
				ids.add(found.asDocument().getObjectId("_id").getValue().toByteArray());
			}
			if (ids.isEmpty()) {
				throw new IllegalStateException("No documents to find in " + this.collection);
			}
			return ids;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** An OP_MSG holding {@code command} as its body. */
	private static byte[] message(BsonDocument command) {
		BasicOutputBuffer body = new BasicOutputBuffer();
		new BsonDocumentCodec().encode(new BsonBinaryWriter(body), command, EncoderContext.builder().build());
		byte[] bytes = body.toByteArray();
		return ByteBuffer.allocate(21 + bytes.length)
			.order(ByteOrder.LITTLE_ENDIAN)
			.putInt(21 + bytes.length)
			.putInt(0)
			.putInt(0)
			.putInt(OP_MSG)
			.putInt(0)
			.put((byte) 0)
			.put(bytes)
			.array();
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		throw new IllegalStateException("Marker not found in the encoded command");
	}

	/** One connection, and the reply it is reading. */
	private static final class Client {

		private final SocketChannel channel;

		private final ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);

		private ByteBuffer reply;

		private int requests;

		Client(SocketChannel channel) {
			this.channel = channel;
		}

		void send(byte[] command) throws IOException {
			ByteBuffer.wrap(command).order(ByteOrder.LITTLE_ENDIAN).putInt(4, ++this.requests);
			ByteBuffer out = ByteBuffer.wrap(command);
			while (out.hasRemaining()) {
				this.channel.write(out);
			}
		}

		/** The reply's document once it is whole, else null (read more later). */
		RawBsonDocument read() throws IOException {
			if (this.reply == null) {
				if (this.channel.read(this.length) < 0) {
					throw new EOFException("The store closed the connection");
				}
				if (this.length.hasRemaining()) {
					return null;
				}
				this.length.flip();
				this.reply = ByteBuffer.allocate(this.length.getInt() - 4);
				this.length.clear();
			}
			if (this.channel.read(this.reply) < 0) {
				throw new EOFException("The store closed the connection");
			}
			if (this.reply.hasRemaining()) {
				return null;
			}
			byte[] bytes = this.reply.array();
			this.reply = null;
			// requestID, responseTo, opCode, flagBits, then section kind 0: the body
			return new RawBsonDocument(bytes, 17, bytes.length - 17);
		}

		void close() {
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				// closing at the end of a run
			}
		}

	}

}
