package org.paperlink.notification.delivery;

import java.util.List;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.BulkOperations.BulkMode;
import org.springframework.data.mongodb.core.ReactiveBulkOperations;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Robot deliveries written before robots were looked up at send time hold the robot's
 * URL, token included, and DingTalk's signing secret, and are kept 90 days. At start each
 * replica rewrites them as a delivery is written now: the address redacted, the robot's
 * id, no secret. Two replicas doing it at once write the same values. It runs in the
 * background: a record not rewritten yet is still sent (by the URL it holds).
 */
@Component
class RobotAddressMigration {

	private static final Logger log = LoggerFactory.getLogger(RobotAddressMigration.class);

	private static final int BATCH = 500;

	private final ReactiveMongoTemplate mongo;

	RobotAddressMigration(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	@EventListener(ApplicationReadyEvent.class)
	void onStart() {
		migrate().subscribe((count) -> {
			if (count > 0) {
				log.info("{} robot deliveries rewritten without their URL's token and signing secret", count);
			}
		}, (ex) -> log.warn("Robot deliveries not rewritten this start; the next start tries again", ex));
	}

	/** Rewrites every robot delivery that still holds its robot's URL; how many. */
	Mono<Long> migrate() {
		Query old = Query.query(Criteria.where("channel")
			.in(Transport.DINGTALK.name(), Transport.WECOM.name(), Transport.WEBHOOK.name())
			.and("robot")
			.exists(false)
			.and("address")
			.ne(null));
		old.fields().include("_id", "channel", "address");
		return this.mongo.find(old, Document.class, Delivery.COLLECTION)
			.buffer(BATCH)
			.concatMap(this::rewrite)
			.reduce(0L, Long::sum);
	}

	private Mono<Long> rewrite(List<Document> deliveries) {
		ReactiveBulkOperations bulk = this.mongo.bulkOps(BulkMode.UNORDERED, Delivery.COLLECTION);
		for (Document delivery : deliveries) {
			String address = delivery.getString("address");
			Transport channel = Transport.valueOf(delivery.getString("channel"));
			bulk.updateOne(Query.query(Criteria.where("_id").is(delivery.get("_id"))),
					new Update().set("address", Secrets.redacted(address))
						.set("robot", RobotDirectory.idOf(channel, address))
						.unset("secret"));
		}
		return bulk.execute().map((result) -> (long) result.getModifiedCount());
	}

}
