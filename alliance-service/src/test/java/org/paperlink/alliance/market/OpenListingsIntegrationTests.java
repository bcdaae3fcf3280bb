package org.paperlink.alliance.market;

import java.time.Duration;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.paperlink.alliance.support.AllianceIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica's book of open listings is loaded at start; every new listing waits for it.
 * One document in the store that cannot be read as a listing must not keep it, and so
 * every publication on that replica, waiting for ever.
 */
@AllianceIntegrationTest
class OpenListingsIntegrationTests {

	@Autowired
	private ReactiveMongoTemplate mongo;

	@Test
	void aListingThatCannotBeReadIsLeftOutAndTheBookStillLoads() {
		String broken = "broken-" + UUID.randomUUID();
		this.mongo
			.insert(new Document("_id", broken).append("status", "OPEN").append("version", 0L), Listing.COLLECTION)
			.block();
		try {
			OpenListings book = new OpenListings(this.mongo);
			book.load();
			book.whenLoaded().block(Duration.ofSeconds(20));
			assertThat(book.contains(broken)).isFalse();
		}
		finally {
			this.mongo.remove(Query.query(Criteria.where("_id").is(broken)), Listing.COLLECTION).block();
		}
	}

}
