package org.paperlink.processes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The document store of the local run as its own JVM: mongo-java-server speaking the
 * MongoDB wire protocol, with its data in an H2 file, so the data survives restarts.
 */
public class DocumentStoreProcess implements AutoCloseable {

	private final int port;

	private final ManagedProcess store;

	/** The store as the local run keeps it: a write is answered once it is on disk. */
	public DocumentStoreProcess(Path directory, int port, String maxHeap) {
		this(directory, port, maxHeap, "synced");
	}

	/**
	 * @param mode {@code synced}, {@code delayed} (answered before the disk, as H2's
	 * auto-commit did) or {@code shipped} (the library's own H2 backend, a baseline); see
	 * {@link DocumentStoreMain}
	 */
	public DocumentStoreProcess(Path directory, int port, String maxHeap, String mode) {
		Path absolute = directory.toAbsolutePath();
		this.port = port;
		this.store = ManagedProcess.java("document-store", List.of("-Xms64m", "-Xmx" + maxHeap),
				DocumentStoreMain.class.getName(),
				List.of(absolute.resolve("paperlink.mv").toString(), Integer.toString(port), mode),
				absolute.resolve("document-store.log"));
	}

	public void start() {
		this.store.start();
		this.store.awaitPort(this.port, Duration.ofSeconds(60));
	}

	public int port() {
		return this.port;
	}

	public String uri() {
		return "mongodb://127.0.0.1:" + this.port;
	}

	public ManagedProcess process() {
		return this.store;
	}

	public void kill() {
		this.store.kill();
	}

	public void stop() {
		this.store.stop(Duration.ofSeconds(30));
	}

	@Override
	public void close() {
		stop();
	}

}
