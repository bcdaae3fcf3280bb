package org.paperlink.processes;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.Uuid;

/**
 * A standalone Apache Kafka broker in KRaft mode, as its own JVM, from the
 * {@code kafka_2.13} jars. Its storage is formatted on first start and kept, so a restart
 * keeps topics and offsets.
 */
public class KafkaBrokerProcess implements AutoCloseable {

	private final Path directory;

	private final int port;

	private final int controllerPort;

	private final ManagedProcess broker;

	public KafkaBrokerProcess(Path directory, int port, int controllerPort, String maxHeap) {
		this.directory = directory.toAbsolutePath();
		this.port = port;
		this.controllerPort = controllerPort;
		this.broker = ManagedProcess.java("kafka",
				List.of("-Xms128m", "-Xmx" + maxHeap, "-XX:+UseG1GC", "-Djava.awt.headless=true"), "kafka.Kafka",
				List.of(serverProperties().toString()), this.directory.resolve("kafka.log"));
	}

	/**
	 * Formats the storage if this is the first start, then starts the broker and waits
	 * for it.
	 */
	public void start() {
		writeServerProperties();
		if (!Files.exists(dataDirectory().resolve("meta.properties"))) {
			ManagedProcess
				.java("kafka-storage-format", List.of("-Xmx256m"), "kafka.tools.StorageTool",
						List.of("format", "--standalone", "-t", Uuid.randomUuid().toString(), "-c",
								serverProperties().toString()),
						this.directory.resolve("kafka-format.log"))
				.runToCompletion(Duration.ofSeconds(60));
		}
		this.broker.start();
		this.broker.awaitPort(this.port, Duration.ofSeconds(90));
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	public ManagedProcess process() {
		return this.broker;
	}

	/** SIGKILL, as in a crash. */
	public void kill() {
		this.broker.kill();
	}

	public void stop() {
		this.broker.stop(Duration.ofSeconds(30));
	}

	@Override
	public void close() {
		stop();
	}

	private Path serverProperties() {
		return this.directory.resolve("server.properties");
	}

	private Path dataDirectory() {
		return this.directory.resolve("data");
	}

	private void writeServerProperties() {
		Properties properties = new Properties();
		properties.setProperty("process.roles", "broker,controller");
		properties.setProperty("node.id", "1");
		properties.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + this.controllerPort);
		properties.setProperty("listeners",
				"PLAINTEXT://127.0.0.1:" + this.port + ",CONTROLLER://127.0.0.1:" + this.controllerPort);
		properties.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + this.port);
		properties.setProperty("controller.listener.names", "CONTROLLER");
		properties.setProperty("inter.broker.listener.name", "PLAINTEXT");
		properties.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
		properties.setProperty("log.dirs", dataDirectory().toString());
		properties.setProperty("num.partitions", "3");
		properties.setProperty("offsets.topic.replication.factor", "1");
		properties.setProperty("offsets.topic.num.partitions", "3");
		properties.setProperty("transaction.state.log.replication.factor", "1");
		properties.setProperty("transaction.state.log.min.isr", "1");
		properties.setProperty("share.coordinator.state.topic.replication.factor", "1");
		properties.setProperty("share.coordinator.state.topic.min.isr", "1");
		properties.setProperty("group.initial.rebalance.delay.ms", "0");
		properties.setProperty("auto.create.topics.enable", "true");
		properties.setProperty("log.retention.hours", "168");
		try {
			Files.createDirectories(this.directory);
			try (Writer writer = Files.newBufferedWriter(serverProperties(), StandardCharsets.UTF_8)) {
				properties.store(writer, "Written by PaperLink's KafkaBrokerProcess on every start");
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot write " + serverProperties(), ex);
		}
	}

}
