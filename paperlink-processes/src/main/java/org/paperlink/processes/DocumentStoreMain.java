package org.paperlink.processes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs mongo-java-server on its H2 backend: {@code DocumentStoreMain <file.mv> <port>}.
 * On SIGTERM it closes the H2 store cleanly before exiting.
 */
public final class DocumentStoreMain {

	private static final Logger log = LoggerFactory.getLogger(DocumentStoreMain.class);

	private DocumentStoreMain() {
	}

	public static void main(String[] args) throws Exception {
		Path file = Path.of(args[0]).toAbsolutePath();
		int port = Integer.parseInt(args[1]);
		Files.createDirectories(file.getParent());
		H2Backend backend = new IdAddressedH2Backend(file.toString());
		MongoServer server = new MongoServer(backend);
		server.bind("127.0.0.1", port);
		log.info("Document store listening on 127.0.0.1:{}, data in {}", port, file);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			log.info("Document store shutting down");
			server.shutdown();
			stopped.countDown();
		}, "document-store-shutdown"));
		stopped.await();
	}

}
