package org.paperlink.processes;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs mongo-java-server on {@link DocumentStoreBackend}:
 * {@code DocumentStoreMain <file.mv> <port> [synced|delayed|shipped]}. {@code synced}
 * (the default) answers a write once it is on disk; {@code delayed} answers before, as
 * H2's auto-commit does; {@code shipped} runs the library's own H2 backend as it comes,
 * the benchmark's baseline. On SIGTERM it closes the H2 store cleanly before exiting.
 */
public final class DocumentStoreMain {

	private static final Logger log = LoggerFactory.getLogger(DocumentStoreMain.class);

	/**
	 * Threads that answer clients. A writer waits for its commit on its connection's
	 * thread, so there are enough of them for the writers of both services' pools to wait
	 * together and share one commit; they cost nothing while they wait.
	 */
	private static final int SERVER_THREADS = Integer.getInteger("paperlink.store.threads", 64);

	private DocumentStoreMain() {
	}

	public static void main(String[] args) throws Exception {
		Path file = Path.of(args[0]).toAbsolutePath();
		int port = Integer.parseInt(args[1]);
		String mode = (args.length > 2) ? args[2] : "synced";
		Files.createDirectories(file.getParent());
		MongoBackend backend = "shipped".equals(mode) ? new H2Backend(file.toString())
				: DocumentStoreBackend.open(file, DocumentStoreBackend.Durability.named(mode), (failure) -> {
					// nothing more can be promised: exit, and be started again on the
					// file
					log.error("The store's file cannot be written; exiting", failure);
					Runtime.getRuntime().halt(3);
				});
		MongoServer server = new MongoServer(backend);
		server.bind(new InetSocketAddress("127.0.0.1", port), 1, SERVER_THREADS);
		log.info("Document store listening on 127.0.0.1:{}, data in {} ({})", port, file, mode);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			log.info("Document store shutting down");
			server.shutdown();
			stopped.countDown();
		}, "document-store-shutdown"));
		stopped.await();
	}

}
