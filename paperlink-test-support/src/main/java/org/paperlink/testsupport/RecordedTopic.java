package org.paperlink.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * Everything published to a topic from its beginning, read by a real consumer on its own
 * thread, so a test can wait for the records it expects.
 */
public final class RecordedTopic implements AutoCloseable {

	private final KafkaConsumer<String, String> consumer;

	private final List<ConsumerRecord<String, String>> records = new CopyOnWriteArrayList<>();

	/**
	 * Where each record was read: a group that loses its offsets (the broker restarted
	 * before any commit) reads the topic again from the start, which is the recorder
	 * repeating itself, not the topic holding a record twice.
	 */
	private final java.util.Set<String> positions = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private final Thread poller;

	private volatile boolean running = true;

	public RecordedTopic(String bootstrapServers, String topic) {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.GROUP_ID_CONFIG, "test-recorder-" + UUID.randomUUID(),
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
		this.consumer.subscribe(List.of(topic));
		this.poller = new Thread(this::poll, "recorded-topic-" + topic);
		this.poller.setDaemon(true);
		this.poller.start();
	}

	/** Waits until {@code count} records match, and returns the matching ones. */
	public List<ConsumerRecord<String, String>> await(Predicate<ConsumerRecord<String, String>> matching, int count,
			Duration timeout) {
		Awaitility.await()
			.atMost(timeout)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> matching(matching).size() >= count);
		return matching(matching);
	}

	public List<ConsumerRecord<String, String>> matching(Predicate<ConsumerRecord<String, String>> matching) {
		return this.records.stream().filter(matching).toList();
	}

	public static Predicate<ConsumerRecord<String, String>> withKey(String key) {
		return (record) -> key.equals(record.key());
	}

	public static Predicate<ConsumerRecord<String, String>> withHeader(String name, String value) {
		return (record) -> value.equals(header(record, name));
	}

	public static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private void poll() {
		try {
			while (this.running) {
				for (ConsumerRecord<String, String> record : this.consumer.poll(Duration.ofMillis(100))) {
					if (this.positions.add(record.partition() + "@" + record.offset())) {
						this.records.add(record);
					}
				}
			}
		}
		catch (WakeupException ex) {
			// closing
		}
		finally {
			this.consumer.close();
		}
	}

	@Override
	public void close() {
		this.running = false;
		this.consumer.wakeup();
	}

}
