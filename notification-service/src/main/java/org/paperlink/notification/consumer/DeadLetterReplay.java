package org.paperlink.notification.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.paperlink.events.Topics;
import org.paperlink.platform.DomainProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Re-drives the records of a dead-letter topic to their original topic, once the cause of
 * their failure is fixed. Each record goes back with its original key, value and
 * CloudEvents headers (the dead-letter headers are dropped), and is replayed once: the
 * replayer's own consumer group remembers how far it got. Replaying an event that was
 * processed after all changes nothing, since every effect is keyed by the event id.
 */
@Component
class DeadLetterReplay {

	private static final Logger log = LoggerFactory.getLogger(DeadLetterReplay.class);

	static final String GROUP = "paperlink-dead-letter-replay";

	private static final String DLT_HEADER_PREFIX = "kafka_dlt-";

	private final ConsumerFactory<String, String> consumers;

	private final KafkaTemplate<Object, Object> producer;

	DeadLetterReplay(ConsumerFactory<String, String> consumers, KafkaTemplate<Object, Object> producer) {
		this.consumers = consumers;
		this.producer = producer;
	}

	record Result(String topic, String deadLetterTopic, int replayed) {

	}

	Mono<Result> replay(String topic) {
		if (!Topics.ALL.contains(topic)) {
			return Mono.error(DomainProblem.onField(HttpStatus.NOT_FOUND, "unknown-topic", "topic", topic,
					String.join(", ", Topics.ALL)));
		}
		return Mono.fromCallable(() -> replayBlocking(topic)).subscribeOn(Schedulers.boundedElastic());
	}

	private Result replayBlocking(String topic) throws Exception {
		String deadLetters = Topics.deadLetter(topic);
		Properties overrides = new Properties();
		overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		int replayed = 0;
		try (Consumer<String, String> consumer = this.consumers.createConsumer(GROUP, "replay", null, overrides)) {
			List<TopicPartition> partitions = consumer.partitionsFor(deadLetters)
				.stream()
				.map((partition) -> new TopicPartition(deadLetters, partition.partition()))
				.toList();
			consumer.assign(partitions);
			// only what is there now: a record that fails again lands behind this mark,
			// for a later replay
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
					TopicPartition partition = new TopicPartition(record.topic(), record.partition());
					if (record.offset() < end.get(partition)) {
						this.producer.send(original(topic, record)).get();
						replayed++;
					}
				}
				consumer.commitSync();
			}
			for (TopicPartition partition : partitions) {
				consumer.seek(partition, end.get(partition));
			}
			consumer.commitSync();
		}
		log.info("Replayed {} records from {} to {}", replayed, deadLetters, topic);
		return new Result(topic, deadLetters, replayed);
	}

	private static ProducerRecord<Object, Object> original(String topic, ConsumerRecord<String, String> record) {
		ProducerRecord<Object, Object> replay = new ProducerRecord<>(topic, record.key(), record.value());
		for (Header header : record.headers()) {
			if (!header.key().startsWith(DLT_HEADER_PREFIX)) {
				replay.headers().add(header.key(), header.value());
			}
		}
		replay.headers().add("paperlink_replayed_from", Topics.deadLetter(topic).getBytes(StandardCharsets.UTF_8));
		return replay;
	}

}
