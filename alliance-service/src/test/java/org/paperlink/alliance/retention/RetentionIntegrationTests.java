package org.paperlink.alliance.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.platform.RetentionSweeper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, item 13: expired refresh tokens and listings closed more than 180 days ago
 * go; open listings, recent ones and live tokens stay.
 */
@AllianceIntegrationTest
class RetentionIntegrationTests {

	@Autowired
	private ReactiveMongoTemplate mongo;

	@Autowired
	private RetentionSweeper retention;

	@Test
	void expiredTokensAndLongClosedListingsGoWhileTheRestStays() {
		String batch = UUID.randomUUID().toString();
		Instant now = Instant.now();
		insert("refresh_tokens", new Document("_id", batch + "-expired").append("username", batch)
			.append("expiresAt", Date.from(now.minusSeconds(60))));
		insert("refresh_tokens", new Document("_id", batch + "-live").append("username", batch)
			.append("expiresAt", Date.from(now.plus(Duration.ofDays(7)))));
		insert("listings", listing(batch, "long-closed", "CLOSED", now.minus(Duration.ofDays(200))));
		insert("listings", listing(batch, "recently-closed", "EXPIRED", now.minus(Duration.ofDays(10))));
		insert("listings", listing(batch, "open", "OPEN", null));

		try {
			assertThat(this.retention.sweep().block()).isGreaterThanOrEqualTo(2);

			assertThat(ids("refresh_tokens", "username", batch)).containsExactly(batch + "-live");
			assertThat(ids("listings", "spec", batch)).containsExactlyInAnyOrder(batch + "-recently-closed",
					batch + "-open");
		}
		finally {
			// these are bare documents, not listings a replica could load into its book
			this.mongo.remove(Query.query(Criteria.where("spec").is(batch)), "listings").block();
		}
	}

	/**
	 * Issue 33, item 6: the match claims an earlier release kept one per pair for good
	 * are not kept: the collection goes.
	 */
	@Test
	void theRetiredMatchClaimsAreDropped() {
		insert("match_claims", new Document("_id", "need:" + UUID.randomUUID()).append("claimedAt", new Date()));

		assertThat(this.retention.dropRetired().collectList().block()).contains("match_claims");
		assertThat(this.mongo.collectionExists("match_claims").block()).isFalse();
	}

	private static Document listing(String batch, String name, String status, Instant closedAt) {
		return new Document("_id", batch + "-" + name).append("spec", batch)
			.append("status", status)
			.append("closedAt", (closedAt != null) ? Date.from(closedAt) : null)
			.append("version", 0L);
	}

	private void insert(String collection, Document document) {
		this.mongo.insert(document, collection).block();
	}

	private java.util.List<String> ids(String collection, String field, String value) {
		return this.mongo.find(Query.query(Criteria.where(field).is(value)), Document.class, collection)
			.map((document) -> document.getString("_id"))
			.collectList()
			.block();
	}

}
