package org.paperlink.processes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local run's own JVMs log at INFO to rotated, size-capped files: a day of use must
 * not fill the disk with the store's wire messages.
 */
class ProcessLoggingTests {

	@TempDir
	Path directory;

	@Test
	void theDocumentStoreLogsItsLifeNotEveryWireMessage() throws IOException {
		int port = ManagedProcess.Ports.anyFree();
		DocumentStoreProcess store = new DocumentStoreProcess(this.directory, port, "128m");
		try (store) {
			store.start();
			try (MongoClient client = MongoClients.create(store.uri())) {
				MongoCollection<Document> members = client.getDatabase("paperlink").getCollection("members");
				for (int i = 0; i < 200; i++) {
					members.insertOne(new Document("_id", "member-" + i).append("name", "恒丰纸业 " + i));
				}
				assertThat(members.find(new Document("_id", "member-7")).first()).isNotNull();
			}
		}
		String log = Files.readString(store.process().logFile(), StandardCharsets.UTF_8);
		assertThat(log).contains("Document store listening on 127.0.0.1:" + port)
			.doesNotContain(" DEBUG ")
			.doesNotContain("member-7");
		assertThat(Files.size(store.process().logFile())).isLessThan(16 * 1024);
		assertThat(Files.readString(store.process().outputFile(), StandardCharsets.UTF_8)).doesNotContain("DEBUG");
	}

	@Test
	void aProcessLogIsRotatedAndItsArchivesCapped() throws Exception {
		Path logFile = this.directory.resolve("busy.log");
		LoggerContext context = new LoggerContext();
		context.setMDCAdapter(new LogbackMDCAdapter());
		context.start();
		context.putProperty("paperlink.log.file", logFile.toString());
		context.putProperty("paperlink.log.max-file-size", "64KB");
		context.putProperty("paperlink.log.total-size-cap", "256KB");
		JoranConfigurator configurator = new JoranConfigurator();
		configurator.setContext(context);
		configurator.doConfigure(getClass().getClassLoader().getResource(ManagedProcess.LOGBACK_CONFIGURATION));
		Logger logger = context.getLogger("de.bwaldvogel.mongo.wire.MongoWireProtocolHandler");
		String line = "一条很长的消息 a long message ".repeat(20);
		for (int i = 0; i < 20_000; i++) {
			logger.info("{} {}", i, line);
			logger.debug("never written {}", line);
		}
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(Files.size(logFile)).as("the active log, of 12 MB written").isLessThan(512 * 1024);
			assertThat(totalSize()).as("all log files together").isLessThan(1024 * 1024);
			try (Stream<Path> files = Files.list(this.directory)) {
				assertThat(files.map((file) -> file.getFileName().toString())).as("archives")
					.anyMatch((name) -> name.endsWith(".gz"));
			}
		});
		context.stop();
		assertThat(Files.readString(logFile, StandardCharsets.UTF_8)).doesNotContain("never written");
	}

	private long totalSize() throws IOException {
		try (Stream<Path> files = Files.list(this.directory)) {
			return files.mapToLong((file) -> file.toFile().length()).sum();
		}
	}

}
