package org.paperlink.alliance.market;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.events.CloudEventEnvelope;
import org.paperlink.events.EventType;
import org.paperlink.events.ListingPublished;
import org.paperlink.events.AllianceEvent;
import org.bson.types.ObjectId;
import org.paperlink.events.ListingClosed;
import org.paperlink.events.Topics;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A feed reader resuming on a replica other than the one it came from: that replica may
 * have read less of the topic than the reader saw (nothing is repeated), or its journal
 * may no longer reach back to the reader's cursor (the reader is told to resync rather
 * than left with a silent gap). A feed of this replica's own, with a journal of three
 * items, reads the records.
 */
@AllianceIntegrationTest
class FeedResumeIntegrationTests {

	@Autowired
	private OpenListings open;

	@Autowired
	private LateMatches lateMatches;

	@Autowired
	private JsonMapper json;

	@Autowired
	private MarketProperties properties;

	@Test
	void aReaderFromAReplicaThatReadFurtherIsNotSentWhatItSawAgain() {
		MarketFeed lagging = feedWithJournalOf(10);
		for (long offset = 0; offset <= 3; offset++) {
			lagging.onMarketEvent(closed(offset));
		}
		FeedCursor seenOnTheOtherReplica = FeedCursor.parse("0:6");
		List<Long> sent = lagging.items((event) -> true, seenOnTheOtherReplica).doOnSubscribe((subscribed) -> {
			for (long offset = 4; offset <= 7; offset++) {
				lagging.onMarketEvent(closed(offset));
			}
		}).map(FeedItem::offset).take(2).collectList().block(Duration.ofSeconds(5));
		assertThat(sent).containsExactly(6L, 7L);
	}

	/**
	 * Issue 33, item 5: a reader that resumed here with a cursor from a replica that read
	 * further on another partition keeps that: the ids it is sent never go back, so a
	 * second reconnect is not sent what it saw.
	 */
	@Test
	void theIdsAReaderIsSentNeverGoBackBehindTheCursorItCameWith() {
		MarketFeed here = feedWithJournalOf(10);
		here.onMarketEvent(closed(0, 0));
		FeedCursor fromTheOtherReplica = FeedCursor.parse("0:1,1:40");
		List<String> ids = here.items((event) -> true, fromTheOtherReplica)
			.doOnSubscribe((subscribed) -> here.onMarketEvent(closed(0, 1)))
			.map((item) -> item.cursor().text())
			.take(1)
			.collectList()
			.block(Duration.ofSeconds(5));
		assertThat(ids).containsExactly("0:2,1:40");
	}

	/**
	 * Issue 33, item 4: after a start, the week of the market topic is read again. A
	 * listing published days before the book was loaded, and not in it, ended before: its
	 * publication read again does not bring it back. One published since is taken.
	 */
	@Test
	void aReplayedPublicationOfAListingThatEndedBeforeTheStartDoesNotReopenIt() {
		MarketFeed replaying = feedWithJournalOf(10);
		ListingPublished endedDaysAgo = published(Instant.now().minus(Duration.ofDays(3)));
		ListingPublished justNow = published(Instant.now());
		replaying.onMarketEvent(record(endedDaysAgo, EventType.LISTING_PUBLISHED, 0, 0));
		replaying.onMarketEvent(record(justNow, EventType.LISTING_PUBLISHED, 0, 1));

		assertThat(this.open.contains(endedDaysAgo.listingId())).as("closed before the start").isFalse();
		assertThat(this.open.contains(justNow.listingId())).as("published on another replica since").isTrue();
		this.open.remove(justNow.listingId());
	}

	private static ListingPublished published(Instant at) {
		return new ListingPublished(new ObjectId().toHexString(), "replay-" + UUID.randomUUID(), "重放测试纸业", "OFFER",
				"WASTE_PAPER", "OCC 11", 100, "TONNE", null, null, "大隗镇", LocalDate.now().plusMonths(1), at);
	}

	@Test
	void aCursorOlderThanTheJournalGetsResyncThenTheRecentBacklog() {
		MarketFeed feed = feedWithJournalOf(3);
		for (long offset = 0; offset <= 9; offset++) {
			feed.onMarketEvent(closed(offset));
		}
		List<FeedItem> sent = feed.items((event) -> true, FeedCursor.parse("0:2"))
			.take(4)
			.collectList()
			.block(Duration.ofSeconds(5));
		assertThat(sent.get(0)).isSameAs(FeedItem.RESYNC);
		assertThat(sent.subList(1, 4)).extracting(FeedItem::offset).containsExactly(7L, 8L, 9L);

		// next to see: 8, which the journal still holds
		List<Long> covered = feed.items((event) -> true, FeedCursor.parse("0:8"))
			.map(FeedItem::offset)
			.take(2)
			.collectList()
			.block(Duration.ofSeconds(5));
		assertThat(covered).containsExactly(8L, 9L);
	}

	private MarketFeed feedWithJournalOf(int items) {
		MarketProperties.Feed feed = this.properties.feed();
		MarketProperties small = new MarketProperties(this.properties.zone(), this.properties.threshold(),
				this.properties.topN(), this.properties.weights(),
				new MarketProperties.Feed(feed.heartbeat(), feed.backlog(), feed.backlogItems(), items),
				this.properties.expiryCheck());
		return new MarketFeed(this.open, this.lateMatches, this.json, small, Clock.systemUTC(),
				new SimpleMeterRegistry());
	}

	/** A closing of a listing nobody has: it changes nothing in the open listings. */
	private ConsumerRecord<String, String> closed(long offset) {
		return closed(0, offset);
	}

	private ConsumerRecord<String, String> closed(int partition, long offset) {
		ListingClosed closed = new ListingClosed(UUID.randomUUID().toString(), "m", "OWNER", Instant.now());
		return record(closed, EventType.LISTING_CLOSED, partition, offset);
	}

	private ConsumerRecord<String, String> record(AllianceEvent event, EventType type, int partition, long offset) {
		ConsumerRecord<String, String> record = new ConsumerRecord<>(Topics.MARKET, partition, offset, event.key(),
				this.json.writeValueAsString(event));
		new CloudEventEnvelope(UUID.randomUUID().toString(), type.ceType(), "/test", Instant.now(), event.subject())
			.writeTo(record.headers());
		return record;
	}

}
