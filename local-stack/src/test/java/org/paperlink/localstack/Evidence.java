package org.paperlink.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.paperlink.events.CloudEventEnvelope;
import org.paperlink.testsupport.RecordedTopic;

/**
 * What a fault scenario counts, each figure from evidence the system under test cannot
 * tidy up: the records on a topic, the {@code .eml} files of the mail sink, the request
 * files of the webhook receiver. Nothing is taken from the inbox, which removes
 * duplicates by design, nor from what the client was told.
 * <ul>
 * <li><b>lost</b>: an acknowledged event with no effect on a channel that should show
 * it;</li>
 * <li><b>duplicated</b>: effects beyond one per event and channel;</li>
 * <li><b>reordered</b>: an effect of an aggregate's version seen after one of a newer
 * version, on the same channel.</li>
 * </ul>
 */
final class Evidence {

	/** The header with which every email and robot call names its event. */
	static final String EVENT_ID_HEADER = "X-PaperLink-Event-Id";

	/** The event id the webhook receiver writes into each request's file name. */
	private static final Pattern EVENT_IN_FILE_NAME = Pattern.compile("-event-([0-9a-fA-F-]{36})-");

	private Evidence() {
	}

	/** An event as published: its aggregate and that aggregate's version. */
	record Published(String eventId, String aggregateId, long version) {

	}

	/**
	 * The records of a topic: how many, how many distinct events, and how many came after
	 * a newer version of their own aggregate (in partition order).
	 */
	record OnTopic(long records, long distinctEvents, long versionInversions, Map<String, Published> events) {

		static OnTopic of(List<ConsumerRecord<String, String>> records) {
			Map<String, Published> events = new LinkedHashMap<>();
			Map<String, Long> newest = new HashMap<>();
			long inversions = 0;
			for (ConsumerRecord<String, String> record : records) {
				String id = RecordedTopic.header(record, CloudEventEnvelope.HEADER_ID);
				String versionHeader = RecordedTopic.header(record, CloudEventEnvelope.HEADER_AGGREGATE_VERSION);
				long version = (versionHeader != null) ? Long.parseLong(versionHeader) : -1;
				events.putIfAbsent(id, new Published(id, record.key(), version));
				Long before = newest.get(record.key());
				if (before != null && version < before) {
					inversions++;
				}
				newest.merge(record.key(), version, Math::max);
			}
			return new OnTopic(records.size(), events.size(), inversions, events);
		}

	}

	/** An event's effect on a channel, in the order the channel saw them. */
	record Effect(String channel, String eventId) {

	}

	/** What a scenario's effects say against what was acknowledged. */
	record Outcome(long delivered, long lost, long duplicated, long reordered) {

		/**
		 * @param acknowledged the events whose change the client was told succeeded
		 * @param channels the channels each of them must reach
		 * @param effects what the channels saw, in their order
		 */
		static Outcome of(Collection<Published> acknowledged, List<String> channels, List<Effect> effects) {
			Map<String, Published> byId = new HashMap<>();
			acknowledged.forEach((event) -> byId.put(event.eventId(), event));
			Map<String, Integer> perEventAndChannel = new HashMap<>();
			Map<String, Long> newestPerAggregateAndChannel = new HashMap<>();
			long reordered = 0;
			for (Effect effect : effects) {
				Published event = byId.get(effect.eventId());
				if (event == null) {
					continue;
				}
				perEventAndChannel.merge(effect.eventId() + "\n" + effect.channel(), 1, Integer::sum);
				String stream = event.aggregateId() + "\n" + effect.channel();
				Long newest = newestPerAggregateAndChannel.get(stream);
				if (newest != null && event.version() < newest) {
					reordered++;
				}
				newestPerAggregateAndChannel.merge(stream, event.version(), Math::max);
			}
			long lost = 0;
			long delivered = 0;
			for (Published event : acknowledged) {
				for (String channel : channels) {
					if (perEventAndChannel.containsKey(event.eventId() + "\n" + channel)) {
						delivered++;
					}
					else {
						lost++;
					}
				}
			}
			long duplicated = perEventAndChannel.values().stream().mapToLong((count) -> count - 1).sum();
			return new Outcome(delivered, lost, duplicated, reordered);
		}

	}

	/** The Party committee's address in the local run: told of every capacity report. */
	static final String PARTY_EMAIL = "party@paperlink.local";

	/** The Party committee's robot in the local run. */
	static final String PARTY_ROBOT = "party-committee-robot";

	/**
	 * The Party committee's emails and robot calls in the local run's sinks under
	 * {@code dataDirectory}, each by its event id.
	 */
	record PartyEffects(List<Effect> emails, List<Effect> calls) {

		static PartyEffects in(Path dataDirectory) {
			return new PartyEffects(Evidence.emails(dataDirectory.resolve("mail"), PARTY_EMAIL),
					Evidence.webhookCalls(dataDirectory.resolve("webhooks"), PARTY_ROBOT));
		}

		List<Effect> all() {
			List<Effect> all = new ArrayList<>(this.emails);
			all.addAll(this.calls);
			return all;
		}

	}

	/**
	 * The mail sink's messages to {@code address}, oldest first, each by its event id.
	 */
	static List<Effect> emails(Path mailDirectory, String address) {
		return messages(mailDirectory, address).stream().map((mail) -> new Effect("email", mail.eventId())).toList();
	}

	/**
	 * The {@code Message-ID}s of the mail sink's messages to {@code address}, by the
	 * event each names: a repeat sent again after a crash must carry its original's.
	 */
	static Map<String, List<String>> messageIds(Path mailDirectory, String address) {
		Map<String, List<String>> byEvent = new LinkedHashMap<>();
		messages(mailDirectory, address).forEach(
				(mail) -> byEvent.computeIfAbsent(mail.eventId(), (event) -> new ArrayList<>()).add(mail.messageId()));
		return byEvent;
	}

	/** A message in the mail sink: the event it names, and its {@code Message-ID}. */
	private record Mail(String eventId, String messageId) {

	}

	/** The mail sink's messages to {@code address} that name an event, oldest first. */
	private static List<Mail> messages(Path mailDirectory, String address) {
		List<Mail> messages = new ArrayList<>();
		Session session = Session.getInstance(new Properties());
		for (Path file : files(mailDirectory, ".eml")) {
			try (InputStream in = Files.newInputStream(file)) {
				MimeMessage message = new MimeMessage(session, in);
				String[] to = message.getHeader("To");
				String[] eventId = message.getHeader(EVENT_ID_HEADER);
				if (to != null && String.join(",", to).contains(address) && eventId != null) {
					messages.add(new Mail(eventId[0], message.getMessageID()));
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (jakarta.mail.MessagingException ex) {
				throw new IllegalStateException("Unreadable mail " + file, ex);
			}
		}
		return messages;
	}

	/**
	 * The webhook receiver's requests to a path containing {@code robot}, oldest first.
	 */
	static List<Effect> webhookCalls(Path webhookDirectory, String robot) {
		List<Effect> effects = new ArrayList<>();
		for (Path file : files(webhookDirectory, ".json")) {
			String name = file.getFileName().toString();
			Matcher event = EVENT_IN_FILE_NAME.matcher(name);
			if (name.contains(robot) && event.find()) {
				effects.add(new Effect("webhook", event.group(1)));
			}
		}
		return effects;
	}

	/**
	 * The files of a sink, in the order they were written (their names begin with the
	 * time).
	 */
	private static List<Path> files(Path directory, String suffix) {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(suffix)).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
