package org.paperlink.processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's write-ahead journal, as MongoDB's storage engine keeps one beside its data
 * files. Every change to a map is appended as a record (the key and the value it now has,
 * or its removal) once it is made in memory; a write is answered when its records are
 * synced here, which is a short sequential append, not a rewrite of the B-tree pages it
 * touched. The store's file itself is committed now and then (a checkpoint) and records
 * the last journal sequence it holds; the journal files before it are then deleted. After
 * a crash the records after the checkpoint are applied again, in order, up to the first
 * one missing or torn: what was answered was synced, so it is all there.
 * <p>
 * A record is the key and value a change left, so applying one again is harmless; the
 * callers hold the collection's lock while they change a map and append the record, so
 * the records of one key are in the order its changes were made.
 */
final class Journal implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Journal.class);

	static final byte PUT = 1;

	static final byte REMOVE = 2;

	static final byte CLEAR = 3;

	/** The journal of each open store, for the maps the store opens. */
	private static final Map<MVStore, Journal> OPEN = new ConcurrentHashMap<>();

	/** A record larger than this is a torn length, not a record. */
	private static final int LARGEST_RECORD = 64 * 1024 * 1024;

	/**
	 * A buffer of this size is kept for the next use; a larger one (a large document) is
	 * dropped after it: H2's buffer grows by a megabyte at least, and 64 server threads
	 * each keeping one filled the store's heap.
	 */
	private static final int KEPT_BUFFER = 64 * 1024;

	private static final ThreadLocal<WriteBuffer> ENCODING = ThreadLocal
		.withInitial(() -> new WriteBuffer(KEPT_BUFFER));

	private final MVStore store;

	private final Path directory;

	private final String prefix;

	/** Records appended and not yet written to a file; guarded by {@code this}. */
	private WriteBuffer pending = new WriteBuffer(KEPT_BUFFER);

	/** The next {@link #pending}, kept by the one thread that writes. */
	private WriteBuffer spare = new WriteBuffer(KEPT_BUFFER);

	/** The sequence of the last record appended; guarded by {@code this}. */
	private long lastSequence;

	/**
	 * The files, oldest first; the last takes the new records. Guarded by {@code this}.
	 */
	private final Deque<Segment> segments = new ArrayDeque<>();

	private volatile boolean replaying;

	/**
	 * Each map's name, encoded: H2 looks a name up in its metadata and parses it on every
	 * call. Cleared when a collection is renamed.
	 */
	private final Map<Integer, byte[]> names = new ConcurrentHashMap<>();

	/** The highest sequence found in the files at start. */
	private long highestInFiles;

	/**
	 * The time part of the last file's name, in microseconds: later than any earlier
	 * run's, and never the same twice in one.
	 */
	private long lastName;

	private Journal(MVStore store, Path storeFile) {
		this.store = store;
		this.directory = storeFile.toAbsolutePath().getParent();
		this.prefix = storeFile.getFileName() + ".journal.";
	}

	/** The journal of {@code store}, or null if its writes are not journaled. */
	static Journal of(MVStore store) {
		return (store != null) ? OPEN.get(store) : null;
	}

	/**
	 * Opens the journal kept beside {@code storeFile} and applies the records the store
	 * does not hold yet: those after {@code checkpointed}.
	 * @param mapNamed opens a map of the store by name, with its types
	 * @return the journal, taking new records in a new file
	 */
	static Journal open(MVStore store, Path storeFile, long checkpointed,
			Function<String, MVMap<Object, Object>> mapNamed) {
		Journal journal = new Journal(store, storeFile);
		OPEN.put(store, journal);
		journal.replaying = true;
		try {
			journal.replay(checkpointed, mapNamed);
			journal.lastSequence = journal.highestInFiles;
		}
		finally {
			journal.replaying = false;
		}
		// the files read stay until the first checkpoint holds their records; nothing is
		// appended to them: one may end in a torn record
		journal.segments.addAll(journal.existingFiles().stream().map(Segment::readOnly).toList());
		journal.segments.add(journal.newSegment());
		return journal;
	}

	/**
	 * Stops journaling for {@code store} without touching its files: what a crash leaves,
	 * for tests.
	 */
	static void forget(MVStore store) {
		OPEN.remove(store);
	}

	/** Whether records are being applied again, and changes not journaled anew. */
	boolean replaying() {
		return this.replaying;
	}

	<K, V> void put(MVMap<K, V> map, K key, V value) {
		WriteBuffer record = begin(map, PUT);
		map.getKeyType().write(record, key);
		map.getValueType().write(record, value);
		append(record);
	}

	<K, V> void remove(MVMap<K, V> map, K key) {
		WriteBuffer record = begin(map, REMOVE);
		map.getKeyType().write(record, key);
		append(record);
	}

	void clear(MVMap<?, ?> map) {
		append(begin(map, CLEAR));
	}

	/**
	 * A record is: its length (int), sequence (long), map name, operation, key, value;
	 * then a CRC-32C of all before it but the length. Encoded outside the lock, numbered
	 * and copied into the pending records under it.
	 */
	private WriteBuffer begin(MVMap<?, ?> map, byte operation) {
		WriteBuffer record = ENCODING.get().clear();
		byte[] name = nameOf(map);
		record.putInt(0).putLong(0).putVarInt(name.length).put(name).put(operation);
		return record;
	}

	private byte[] nameOf(MVMap<?, ?> map) {
		return this.names.computeIfAbsent(map.getId(), (id) -> map.getName().getBytes(StandardCharsets.UTF_8));
	}

	/** Maps were renamed or removed: their names are looked up again. */
	void namesChanged() {
		this.names.clear();
	}

	private void append(WriteBuffer record) {
		ByteBuffer bytes = record.getBuffer();
		int length = bytes.position();
		synchronized (this) {
			bytes.putInt(0, length - 4);
			bytes.putLong(4, ++this.lastSequence);
			CRC32C crc = new CRC32C();
			crc.update(bytes.array(), bytes.arrayOffset() + 4, length - 4);
			this.pending.put(bytes.array(), bytes.arrayOffset(), length).putInt((int) crc.getValue());
		}
		if (bytes.capacity() > KEPT_BUFFER) {
			ENCODING.remove();
		}
	}

	/**
	 * Writes the records appended so far to the current file (not yet synced). Called by
	 * one thread at a time.
	 * @return the file they went to, to be synced before the writes are answered
	 */
	Segment write() {
		WriteBuffer written;
		Segment segment;
		synchronized (this) {
			written = this.pending;
			this.pending = this.spare;
			segment = this.segments.getLast();
		}
		ByteBuffer bytes = written.getBuffer();
		bytes.flip();
		segment.write(bytes);
		this.spare = (bytes.capacity() > KEPT_BUFFER) ? new WriteBuffer(KEPT_BUFFER) : written.clear();
		return segment;
	}

	/**
	 * Starts a new file for the records to come.
	 * @return the sequence of the last record before it: the store, committed now, holds
	 * every change up to it, since a change is made before its record is appended
	 */
	synchronized long seal() {
		if (this.segments.getLast().firstSequence() <= this.lastSequence) {
			this.segments.add(newSegment());
		}
		// else nothing was appended since the current file began: it stays current
		return this.lastSequence;
	}

	/**
	 * A new file for the records after {@link #lastSequence}. Its name is new too (the
	 * time of its creation follows the sequence), so that no file left by a crash,
	 * perhaps ending in a torn record, is ever appended to; and the directory is synced,
	 * so that a power cut does not lose the file itself.
	 */
	private Segment newSegment() {
		long first = this.lastSequence + 1;
		this.lastName = Math.max(System.currentTimeMillis() * 1000, this.lastName + 1);
		Path file = this.directory.resolve(this.prefix + String.format("%020d-%d", first, this.lastName));
		Segment segment = Segment.create(file, first);
		syncDirectory();
		return segment;
	}

	private void syncDirectory() {
		try {
			Disk.sync(this.directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Deletes the files sealed before the last checkpoint, whose records the store now
	 * holds: a write still waiting for one of them is answered by the checkpoint.
	 */
	void retireSealed() {
		List<Segment> sealed = new ArrayList<>();
		synchronized (this) {
			while (this.segments.size() > 1) {
				sealed.add(this.segments.removeFirst());
			}
		}
		sealed.forEach(Segment::retire);
	}

	/** Records appended since the store was opened, or since the last {@link #seal()}. */
	synchronized boolean hasRecordsSince(long sequence) {
		return this.lastSequence > sequence;
	}

	@Override
	public void close() {
		OPEN.remove(this.store, this);
		List<Segment> open;
		synchronized (this) {
			open = new ArrayList<>(this.segments);
			this.segments.clear();
		}
		open.forEach(Segment::retire);
	}

	private List<Path> existingFiles() {
		try (Stream<Path> files = Files.list(this.directory)) {
			return files.filter((file) -> file.getFileName().toString().startsWith(this.prefix)).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Applies, in order, the records after {@code checkpointed} up to the first one
	 * missing: one torn by the crash, or never synced.
	 * @return the sequence of the last record applied, or {@code checkpointed}
	 */
	private long replay(long checkpointed, Function<String, MVMap<Object, Object>> mapNamed) {
		TreeMap<Long, ByteBuffer> records = new TreeMap<>();
		for (Path file : existingFiles()) {
			readRecords(file, checkpointed, records);
		}
		long applied = checkpointed;
		// new records are numbered after every record in the files, applied or not, so
		// that none left behind a gap is ever taken for a new one
		this.highestInFiles = records.isEmpty() ? checkpointed : Math.max(checkpointed, records.lastKey());
		for (Map.Entry<Long, ByteBuffer> record : records.entrySet()) {
			if (record.getKey() != applied + 1) {
				log.warn("Journal record {} is missing; {} later records were never answered and are dropped",
						applied + 1, records.tailMap(record.getKey()).size());
				break;
			}
			apply(record.getValue(), mapNamed);
			applied = record.getKey();
		}
		if (applied > checkpointed) {
			log.info("Applied journal records {} to {} that the store's file did not hold yet", checkpointed + 1,
					applied);
		}
		return applied;
	}

	private static void readRecords(Path file, long after, TreeMap<Long, ByteBuffer> records) {
		ByteBuffer bytes;
		try {
			bytes = ByteBuffer.wrap(Files.readAllBytes(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		while (bytes.remaining() >= 4) {
			int start = bytes.position();
			int length = bytes.getInt();
			if (length < 9 || length > LARGEST_RECORD || bytes.remaining() < length + 4) {
				log.warn("Journal {} ends in a torn record at byte {}", file.getFileName(), start);
				return;
			}
			CRC32C crc = new CRC32C();
			crc.update(bytes.array(), start + 4, length);
			int expected = bytes.getInt(start + 4 + length);
			if ((int) crc.getValue() != expected) {
				log.warn("Journal {} holds a record that fails its checksum at byte {}", file.getFileName(), start);
				return;
			}
			ByteBuffer record = bytes.slice(start + 4, length);
			long sequence = record.getLong(0);
			if (sequence > after) {
				records.put(sequence, record);
			}
			bytes.position(start + 4 + length + 4);
		}
	}

	@SuppressWarnings("unchecked")
	private static void apply(ByteBuffer record, Function<String, MVMap<Object, Object>> mapNamed) {
		record.position(8);
		byte[] name = new byte[DataUtils.readVarInt(record)];
		record.get(name);
		byte operation = record.get();
		MVMap<Object, Object> map = mapNamed.apply(new String(name, StandardCharsets.UTF_8));
		switch (operation) {
			case PUT -> {
				Object key = map.getKeyType().read(record);
				map.put(key, map.getValueType().read(record));
			}
			case REMOVE -> map.remove(map.getKeyType().read(record));
			case CLEAR -> map.clear();
			default -> throw new IllegalStateException("Unknown journal operation " + operation);
		}
	}

	/** One journal file. Written by one thread, synced by another, deleted by a third. */
	static final class Segment {

		private final Path file;

		/** Null for a file of an earlier run, kept only until a checkpoint. */
		private final FileChannel channel;

		private final long firstSequence;

		private boolean retired;

		private Segment(Path file, FileChannel channel, long firstSequence) {
			this.file = file;
			this.channel = channel;
			this.firstSequence = firstSequence;
		}

		static Segment create(Path file, long firstSequence) {
			try {
				return new Segment(file,
						FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), firstSequence);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		static Segment readOnly(Path file) {
			return new Segment(file, null, Long.MIN_VALUE);
		}

		long firstSequence() {
			return this.firstSequence;
		}

		/** Appends, unless a checkpoint has already made these records unneeded. */
		synchronized void write(ByteBuffer bytes) {
			if (this.retired || this.channel == null) {
				return;
			}
			try {
				while (bytes.hasRemaining()) {
					this.channel.write(bytes);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/**
		 * Syncs the file; one retired is covered by the checkpoint that retired it.
		 */
		synchronized void force() {
			if (this.retired || this.channel == null) {
				return;
			}
			try {
				this.channel.force(false);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		synchronized void retire() {
			if (this.retired) {
				return;
			}
			this.retired = true;
			try {
				if (this.channel != null) {
					this.channel.close();
				}
				Files.deleteIfExists(this.file);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
