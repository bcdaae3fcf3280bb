package org.paperlink.localstack;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.paperlink.events.CapacityReported;
import org.paperlink.events.ListingPublished;
import org.paperlink.events.Topics;
import org.paperlink.testsupport.EventPublisher;
import org.paperlink.testsupport.RecordedTopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenarios 9 and 10 of the fault suite ({@link FaultInjectionTests}), small, in every
 * test run, on the shared two-replica local run: the store away while
 * notification-service consumes, and events with fields the consumers do not know yet.
 * Counted as the suite counts, from the Party committee's emails and robot calls
 * ({@link Evidence}) and the dead-letter topic, not from the inbox.
 */
@Order(3)
class SmallFaultScenariosTests {

	private static LocalStack stack;

	private static LocalRunClient client;

	private static EventPublisher publisher;

	private static RecordedTopic deadLetters;

	@BeforeAll
	static void start() {
		stack = SharedLocalRun.twoReplicas();
		client = new LocalRunClient(stack.settings());
		publisher = new EventPublisher(stack.kafka().bootstrapServers());
		deadLetters = new RecordedTopic(stack.kafka().bootstrapServers(), Topics.deadLetter(Topics.CAPACITY));
	}

	@AfterAll
	static void stop() {
		if (publisher != null) {
			publisher.close();
		}
		if (deadLetters != null) {
			deadLetters.close();
		}
	}

	/**
	 * Scenario 9: the store is stopped for 35 s while both notification replicas consume
	 * five capacity events: longer than the bounded retries of an ordinary failure (about
	 * 25 s with the store's 5-s answer), so a store failure taken for one would be
	 * dead-lettered. They wait and retry instead; nothing is dead-lettered, and each
	 * event reaches the Party committee once by email and once by robot when the store is
	 * back.
	 */
	@Test
	void theStoreAwayWhileNotificationServiceConsumesDeadLettersNothingAndLosesNothing() {
		List<CapacityReported> reports = new ArrayList<>();
		Set<String> eventIds;
		stack.store().stop();
		try {
			for (int i = 0; i < 5; i++) {
				reports.add(report(i));
			}
			eventIds = reports.stream().map(publisher::publish).collect(Collectors.toSet());
			// the outage lasts while nothing of these events is dead-lettered
			await().during(Duration.ofSeconds(35))
				.atMost(Duration.ofSeconds(45))
				.until(() -> deadLettered(eventIds) == 0);
		}
		finally {
			stack.store().start();
		}

		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> outcome(eventIds).delivered() == 2L * eventIds.size());
		// a repeat would come late: the figures must hold
		await().during(Duration.ofSeconds(5))
			.atMost(Duration.ofSeconds(10))
			.until(() -> outcome(eventIds).equals(new Evidence.Outcome(2L * eventIds.size(), 0, 0, 0)));
		assertThat(deadLettered(eventIds)).isZero();
	}

	/**
	 * Scenario 10: a newer alliance-service publishes a capacity event and a listing with
	 * fields this release does not know. The Party committee is told of the report, and
	 * the listing reaches a member's live market feed; neither is dead-lettered.
	 */
	@Test
	void eventsWithFieldsTheConsumersDoNotKnowAreNotifiedAndReachTheFeed() throws Exception {
		Map<String, Object> newFields = Map.of("plantSite", "大隗镇工业园", "certificates",
				List.of(Map.of("kind", "FSC", "until", "2028-12-31")));
		String hengfeng = client.token("hengfeng", "paperlink");
		String hengfengId = JsonPath
			.read(client.send(client.get(client.alliance("/api/v1/members?q=恒丰"), hengfeng)).body(), "$.items[0].id");
		String listingId = UUID.randomUUID().toString();
		try (LocalRunClient.EventStream feed = client.stream(client.alliance("/api/v1/feed"),
				client.token("huishou", "paperlink"))) {
			String reportEvent = publisher.publishWithNewFields(report(0), newFields);
			publisher.publishWithNewFields(new ListingPublished(listingId, hengfengId, "恒丰纸业", "NEED", "WASTE_PAPER",
					"OCC 11", 800, "TONNE", null, null, "大隗镇", LocalDate.now().plusMonths(1), Instant.now()),
					newFields);

			LocalRunClient.Arrival onTheFeed = await().atMost(Duration.ofSeconds(20))
				.until(() -> feed.first(listingId).orElse(null), java.util.Objects::nonNull);
			assertThat(onTheFeed.data()).contains("恒丰纸业", "OCC 11");
			await().atMost(Duration.ofSeconds(30)).until(() -> outcome(Set.of(reportEvent)).delivered() == 2);
			// a repeat would come late: the figures must hold
			await().during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(10))
				.until(() -> outcome(Set.of(reportEvent)).equals(new Evidence.Outcome(2, 0, 0, 0)));
			assertThat(deadLettered(Set.of(reportEvent))).isZero();
		}
	}

	/**
	 * A report of a member of its own, so that its versions never meet a real member's.
	 */
	private static CapacityReported report(int index) {
		return new CapacityReported(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "故障场景纸业（示例）",
				"PAPERMAKING", null, "KRAFT", 100_000L + index, 120_000L + index, 20_000, LocalDate.now(), "CORRECTION",
				null, "small-fault-scenarios", Instant.now());
	}

	private static long deadLettered(Set<String> eventIds) {
		return deadLetters.matching((record) -> eventIds.contains(RecordedTopic.header(record, "ce_id"))).size();
	}

	/** The Party committee's emails and robot calls of these events, from the sinks. */
	private static Evidence.Outcome outcome(Set<String> eventIds) {
		List<Evidence.Effect> effects = Evidence.PartyEffects.in(stack.settings().dataDirectory()).all();
		List<Evidence.Published> published = eventIds.stream().map((id) -> new Evidence.Published(id, id, 1)).toList();
		return Evidence.Outcome.of(published, List.of("email", "webhook"), effects);
	}

}
