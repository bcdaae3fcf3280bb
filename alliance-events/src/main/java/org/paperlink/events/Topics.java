package org.paperlink.events;

import java.util.List;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.NewTopic;

/**
 * Kafka topic names. Every topic is keyed by its aggregate's id so that the events of one
 * aggregate stay in order; every topic has a dead-letter topic named {@code <topic>-dlt}.
 */
public final class Topics {

	public static final String MEMBERS = "alliance.members";

	public static final String CAPACITY = "alliance.capacity";

	public static final String RENOVATIONS = "alliance.renovations";

	public static final String NOTICES = "alliance.notices";

	public static final String MARKET = "alliance.market";

	public static final String DLT_SUFFIX = "-dlt";

	public static final List<String> ALL = List.of(MEMBERS, CAPACITY, RENOVATIONS, NOTICES, MARKET);

	private Topics() {
	}

	public static String deadLetter(String topic) {
		return topic + DLT_SUFFIX;
	}

	/** Every topic and its dead-letter topic, for the services to declare at start-up. */
	public static List<NewTopic> declarations(int partitions, short replicationFactor) {
		return ALL.stream()
			.flatMap((topic) -> Stream.of(topic, deadLetter(topic)))
			.map((topic) -> new NewTopic(topic, partitions, replicationFactor))
			.toList();
	}

}
