package org.paperlink.testsupport;

import java.net.InetSocketAddress;
import java.util.Map;

import de.bwaldvogel.mongo.MongoServer;
import org.paperlink.processes.DocumentStoreBackend;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The Kafka broker and the document store that every integration test in a JVM shares.
 * Both start once, on first use, and stop when the JVM exits.
 * <p>
 * By default they are a real Apache Kafka broker in KRaft mode (spring-kafka-test) and
 * the MongoDB wire-protocol server {@code mongo-java-server} on its memory backend. With
 * {@code -Dpaperlink.test.infrastructure=containers} (the Maven profile
 * {@code containers}) they are Testcontainers Kafka and MongoDB instead; no test changes.
 */
public final class TestInfrastructure {

	public static final String MODE_PROPERTY = "paperlink.test.infrastructure";

	private static Infrastructure shared;

	private TestInfrastructure() {
	}

	public static synchronized Infrastructure shared() {
		if (shared == null) {
			shared = "containers".equals(System.getProperty(MODE_PROPERTY)) ? new Containers() : new Embedded();
			Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "test-infrastructure-stop"));
		}
		return shared;
	}

	/** What a test needs to reach the infrastructure. */
	public interface Infrastructure {

		String kafkaBootstrapServers();

		String mongoUri();

		void stop();

	}

	private static final class Embedded implements Infrastructure {

		private final EmbeddedKafkaKraftBroker kafka;

		private final MongoServer mongo;

		private final String mongoUri;

		Embedded() {
			this.kafka = new EmbeddedKafkaKraftBroker(1, 3);
			this.kafka.brokerProperties(Map.of("auto.create.topics.enable", "true", "group.initial.rebalance.delay.ms",
					"0", "offsets.topic.num.partitions", "3"));
			this.kafka.afterPropertiesSet();
			// the same store as the local run, with its _id lookups
			// (DocumentStoreBackend), in memory
			this.mongo = new MongoServer(DocumentStoreBackend.inMemory());
			InetSocketAddress address = this.mongo.bind();
			this.mongoUri = "mongodb://127.0.0.1:" + address.getPort();
		}

		@Override
		public String kafkaBootstrapServers() {
			return this.kafka.getBrokersAsString();
		}

		@Override
		public String mongoUri() {
			return this.mongoUri;
		}

		@Override
		public void stop() {
			this.kafka.destroy();
			this.mongo.shutdownNow();
		}

	}

	private static final class Containers implements Infrastructure {

		private final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.2");

		private final MongoDBContainer mongo = new MongoDBContainer("mongo:8.0");

		Containers() {
			this.kafka.start();
			this.mongo.start();
		}

		@Override
		public String kafkaBootstrapServers() {
			return this.kafka.getBootstrapServers();
		}

		@Override
		public String mongoUri() {
			return this.mongo.getReplicaSetUrl();
		}

		@Override
		public void stop() {
			this.kafka.stop();
			this.mongo.stop();
		}

	}

}
