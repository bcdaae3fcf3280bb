package org.paperlink.notification.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.paperlink.notification.delivery.Transport;
import org.paperlink.notification.delivery.Delivery;
import org.paperlink.notification.delivery.DeliveryStatus;
import org.paperlink.notification.inbox.InboxEntry;
import org.paperlink.notification.inbox.ReadMark;
import org.paperlink.notification.inbox.SharedEntry;
import org.paperlink.notification.support.InboxReader;
import org.paperlink.notification.support.NotificationIntegrationTest;
import org.paperlink.notification.support.Tokens;
import org.paperlink.platform.RetentionSweeper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, item 13: what notification-service writes does not grow forever. An inbox
 * entry (its own or shared) older than a year and a delivery record older than 90 days
 * go; newer ones stay.
 */
@NotificationIntegrationTest
class RetentionIntegrationTests {

	@Autowired
	private ReactiveMongoTemplate mongo;

	@Autowired
	private RetentionSweeper retention;

	@Autowired
	private WebTestClient client;

	@Test
	void entriesAndDeliveriesPastTheirRetentionGoAndNewerOnesStay() {
		String member = UUID.randomUUID().toString();
		Instant now = Instant.now();
		this.mongo
			.insertAll(List.of(entry(member, now.minus(Duration.ofDays(400))),
					entry(member, now.minus(Duration.ofDays(300))), entry(member, now)))
			.blockLast();
		this.mongo
			.insertAll(List.of(shared(member, now.minus(Duration.ofDays(400))),
					shared(member, now.minus(Duration.ofDays(1)))))
			.blockLast();
		String title = "保留期测试-" + member;
		this.mongo
			.insertAll(List.of(delivery(title, now.minus(Duration.ofDays(91))),
					delivery(title, now.minus(Duration.ofDays(89)))))
			.blockLast();

		assertThat(this.retention.sweep().block()).isGreaterThanOrEqualTo(2);

		assertThat(new InboxReader(this.client).total(Tokens.member(member)))
			.as("entries within the year, its own and shared")
			.isEqualTo(3);
		assertThat(this.mongo.count(Query.query(Criteria.where("title").is(title)), Delivery.class).block())
			.as("deliveries within 90 days")
			.isEqualTo(1);
	}

	/**
	 * Issue 33, item 6: the delivery lines an earlier release wrote, skipped and
	 * re-queued deliveries among them, are not kept for good: the collection goes.
	 */
	@Test
	void theRetiredDeliveryLinesAreDropped() {
		this.mongo.insert(new org.bson.Document("_id", "line-" + UUID.randomUUID()).append("deliveries",
				List.of("a-skipped-one")), "delivery_lines")
			.block();

		assertThat(this.retention.dropRetired().collectList().block()).contains("delivery_lines");
		assertThat(this.mongo.collectionExists("delivery_lines").block()).isFalse();
	}

	/** On MongoDB the TTL monitor does it: the indexes carry the periods. */
	@Test
	void theCollectionsCarryTtlIndexesWithTheirPeriods() {
		List<IndexInfo> inbox = this.mongo.indexOps(InboxEntry.COLLECTION).getIndexInfo().collectList().block();
		assertThat(inbox).anySatisfy((index) -> {
			assertThat(index.getName()).isEqualTo("retention_createdAt");
			assertThat(index.getExpireAfter()).contains(Duration.ofDays(365));
		});
		for (String collection : List.of(SharedEntry.COLLECTION, ReadMark.COLLECTION)) {
			assertThat(this.mongo.indexOps(collection).getIndexInfo().collectList().block())
				.anySatisfy((index) -> assertThat(index.getExpireAfter()).contains(Duration.ofDays(365)));
		}
		List<IndexInfo> deliveries = this.mongo.indexOps(Delivery.COLLECTION).getIndexInfo().collectList().block();
		assertThat(deliveries).anySatisfy((index) -> {
			assertThat(index.getName()).isEqualTo("retention_createdAt");
			assertThat(index.getExpireAfter()).contains(Duration.ofDays(90));
		});
	}

	private static InboxEntry entry(String member, Instant at) {
		return new InboxEntry(UUID.randomUUID().toString(), "member:" + member, UUID.randomUUID().toString(),
				"org.paperlink.notice.published.v1", UUID.randomUUID().toString(), "通知", "正文", false, false, null, at);
	}

	private static SharedEntry shared(String member, Instant at) {
		return new SharedEntry(UUID.randomUUID().toString(), List.of("member:" + member, "member:" + UUID.randomUUID()),
				UUID.randomUUID().toString(), "org.paperlink.notice.published.v1", UUID.randomUUID().toString(), "全员通知",
				"正文", false, at);
	}

	private static Delivery delivery(String title, Instant at) {
		String eventId = UUID.randomUUID().toString();
		return new Delivery(Delivery.idOf(eventId, "role:SECRETARIAT", Transport.EMAIL, "s@paperlink.test"), eventId,
				"org.paperlink.test.v1", "role:SECRETARIAT", Transport.EMAIL, "s@paperlink.test", null, title, "正文",
				false, DeliveryStatus.SENT, 1, null, at, null, at, null, null, null, null);
	}

}
