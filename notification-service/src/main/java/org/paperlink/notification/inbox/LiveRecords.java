package org.paperlink.notification.inbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.paperlink.platform.CreatesTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * The live inbox's topic and its records: one partition, so that its offsets order every
 * entry; a record holds an entry as its readers see it and whose it is, read tolerantly.
 */
@Component
class LiveRecords {

	private static final Logger log = LoggerFactory.getLogger(LiveRecords.class);

	static final int AUDIENCE_PER_RECORD = 500;

	private final JsonMapper json;

	LiveRecords(JsonMapper json) {
		this.json = json;
	}

	/** One record of the topic: an entry as its readers see it, and whose it is. */
	record Published(InboxItem item, List<String> recipients) {

	}

	/**
	 * A shared entry's audience in parts of at most {@value #AUDIENCE_PER_RECORD}, one
	 * record each, so that no record grows with the audience.
	 */
	static List<List<String>> partition(List<String> audience) {
		List<List<String>> parts = new ArrayList<>();
		for (int from = 0; from < audience.size(); from += AUDIENCE_PER_RECORD) {
			parts.add(audience.subList(from, Math.min(audience.size(), from + AUDIENCE_PER_RECORD)));
		}
		return parts;
	}

	String write(Published published) {
		return this.json.writeValueAsString(published);
	}

	/** The entry a record holds, at its offset; null for one that cannot be read. */
	LiveInbox.Entry entry(ConsumerRecord<String, String> record) {
		Published published = read(record);
		return (published != null) ? new LiveInbox.Entry(record.offset(), published.item(), published.recipients(),
				this.json.writeValueAsString(published.item())) : null;
	}

	/**
	 * Reads a record tolerantly: unknown fields are ignored, and a record of the release
	 * before (an {@link InboxEntry} of one recipient) is read too.
	 */
	private Published read(ConsumerRecord<String, String> record) {
		if (record.value() == null) {
			return null;
		}
		try {
			JsonNode tree = this.json.readTree(record.value());
			if (tree.has("item")) {
				return this.json.readerFor(Published.class)
					.without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
					.readValue(tree);
			}
			InboxEntry entry = this.json.readerFor(InboxEntry.class)
				.without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
				.readValue(tree);
			return new Published(InboxItem.of(entry), List.of(entry.recipient()));
		}
		catch (JacksonException ex) {
			log.warn("Live inbox skips an unreadable record at offset {}: {}", record.offset(), ex.getMessage());
			return null;
		}
	}

	/** The topic: one partition, so that its offsets order every entry. */
	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(LiveInboxProperties.class)
	static class LiveInboxTopic {

		@Bean
		@CreatesTopics
		NewTopic liveInboxTopic(LiveInboxProperties properties,
				@Value("${paperlink.kafka.replication-factor:1}") short replicationFactor) {
			return new NewTopic(properties.topic(), 1, replicationFactor)
				.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(properties.retention().toMillis())));
		}

	}

}
