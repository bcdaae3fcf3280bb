package org.paperlink.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperlink.events.CloudEventEnvelope;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite's counters on planted faults: a duplicated email, a missing webhook
 * call, a swapped pair and a duplicated record on the topic must each read 1, and a clean
 * run 0. A counter that cannot show a failure proves nothing.
 */
class EvidenceTests {

	private static final String PARTY = "party@paperlink.local";

	@TempDir
	private Path data;

	private final List<ConsumerRecord<String, String>> topic = new ArrayList<>();

	private Evidence.Published first;

	private Evidence.Published second;

	private Evidence.Published third;

	@BeforeEach
	void threeReportsOfTwoMembers() {
		this.first = publish("member-a", 1);
		this.second = publish("member-a", 2);
		this.third = publish("member-b", 1);
	}

	@Test
	void aCleanRunReadsZeroEverywhere() throws IOException {
		deliver(this.first, this.second, this.third);
		assertThat(outcome()).isEqualTo(new Evidence.Outcome(6, 0, 0, 0));
		Evidence.OnTopic onTopic = Evidence.OnTopic.of(this.topic);
		assertThat(onTopic.records()).isEqualTo(3);
		assertThat(onTopic.distinctEvents()).isEqualTo(3);
		assertThat(onTopic.versionInversions()).isZero();
	}

	@Test
	void aDuplicatedEmailReadsOne() throws IOException {
		deliver(this.first, this.second, this.third);
		Path eml = Files.list(this.data.resolve("mail")).sorted().findFirst().orElseThrow();
		Files.copy(eml, eml.resolveSibling("99999999-999999-999-" + PARTY + "-copy.eml"));
		assertThat(outcome().duplicated()).isEqualTo(1);
		assertThat(outcome().lost()).isZero();
	}

	@Test
	void aMissingWebhookCallReadsOne() throws IOException {
		deliver(this.first, this.second, this.third);
		try (var files = Files.list(this.data.resolve("webhooks"))) {
			Files.delete(
					files.filter((file) -> file.toString().contains(this.third.eventId())).findFirst().orElseThrow());
		}
		assertThat(outcome().lost()).isEqualTo(1);
		assertThat(outcome().duplicated()).isZero();
	}

	@Test
	void aSwappedPairReadsOne() throws IOException {
		// the member's second version reaches both channels before its first
		deliver(this.second, this.first, this.third);
		Evidence.Outcome outcome = outcome();
		assertThat(outcome.reordered()).isEqualTo(2);
		assertThat(Evidence.Outcome
			.of(List.of(this.first, this.second, this.third), List.of("email"),
					Evidence.emails(this.data.resolve("mail"), PARTY))
			.reordered()).isEqualTo(1);
	}

	@Test
	void aRecordSentTwiceAndAnOlderVersionAfterANewerReadOneEach() {
		this.topic.add(this.topic.get(0));
		Evidence.OnTopic onTopic = Evidence.OnTopic.of(this.topic);
		assertThat(onTopic.records()).isEqualTo(4);
		assertThat(onTopic.distinctEvents()).isEqualTo(3);
		assertThat(onTopic.versionInversions()).isEqualTo(1);
	}

	private Evidence.Outcome outcome() {
		List<Evidence.Effect> effects = new ArrayList<>(Evidence.emails(this.data.resolve("mail"), PARTY));
		effects.addAll(Evidence.webhookCalls(this.data.resolve("webhooks"), "party-committee-robot"));
		return Evidence.Outcome.of(List.of(this.first, this.second, this.third), List.of("email", "webhook"), effects);
	}

	private Evidence.Published publish(String member, long version) {
		String id = UUID.randomUUID().toString();
		ConsumerRecord<String, String> record = new ConsumerRecord<>("alliance.capacity", 0, this.topic.size(), member,
				"{}");
		record.headers().add(new RecordHeader(CloudEventEnvelope.HEADER_ID, id.getBytes(StandardCharsets.UTF_8)));
		record.headers()
			.add(new RecordHeader(CloudEventEnvelope.HEADER_AGGREGATE_VERSION,
					Long.toString(version).getBytes(StandardCharsets.UTF_8)));
		this.topic.add(record);
		return new Evidence.Published(id, member, version);
	}

	/** Writes what the mail sink and the webhook receiver write, in this order. */
	private void deliver(Evidence.Published... events) throws IOException {
		Files.createDirectories(this.data.resolve("mail"));
		Files.createDirectories(this.data.resolve("webhooks"));
		int sequence = 0;
		for (Evidence.Published event : events) {
			String stamp = String.format("20261202-120000-%03d", sequence++);
			Files.writeString(this.data.resolve("mail").resolve(stamp + "-" + PARTY + "-0000000" + sequence + ".eml"),
					"From: noreply@paperlink.local\r\nTo: " + PARTY + "\r\n" + Evidence.EVENT_ID_HEADER + ": "
							+ event.eventId() + "\r\nSubject: report\r\n\r\nbody\r\n");
			Files.writeString(this.data.resolve("webhooks")
				.resolve(stamp + "_robot_party-committee-robot-event-" + event.eventId() + "-0000000" + sequence
						+ ".json"),
					"{\"msgtype\":\"markdown\"}");
		}
	}

}
