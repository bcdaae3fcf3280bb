package org.paperlink.notification.delivery;

import java.util.Comparator;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Keeps the deliveries of one aggregate's events to one address in the order of the
 * aggregate's versions, across replicas and crashes: the Party committee must not read
 * that 东森 now makes 40万吨 and then that it makes 30万吨. Each such line is a queue document,
 * addressed by its id, listing the deliveries not yet done; a delivery goes out only when
 * none older on its line is still pending. A replica that dies holding an older
 * delivery's claim so holds the newer ones back until its lease ends, rather than let
 * them overtake it.
 */
class DeliveryOrder {

	private final ReactiveMongoTemplate mongo;

	DeliveryOrder(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	/** Puts a pending delivery on its line; before it is recorded, so none is missed. */
	Mono<Void> enqueue(Delivery delivery) {
		if (!isOrdered(delivery)) {
			return Mono.empty();
		}
		return this.mongo
			.upsert(byId(lineOf(delivery)), new Update().addToSet("pending", Waiting.of(delivery)), Line.class)
			.then();
	}

	/**
	 * True when no older delivery on its line is still pending. An entry whose delivery
	 * is done, or was never recorded (its replica died in between), is taken off.
	 */
	Mono<Boolean> mayGo(Delivery delivery) {
		if (!isOrdered(delivery)) {
			return Mono.just(true);
		}
		String line = lineOf(delivery);
		return this.mongo.findById(line, Line.class)
			.flatMapMany((found) -> Flux.fromIterable(found.pending())
				.filter((waiting) -> waiting.sequence() < delivery.sequence())
				.sort(Comparator.comparingLong(Waiting::sequence)))
			.concatMap((older) -> this.mongo.findById(older.deliveryId(), Delivery.class)
				.map((record) -> record.status() == DeliveryStatus.PENDING)
				.defaultIfEmpty(false)
				.flatMap((pending) -> pending ? Mono.just(true) : takeOff(line, older.deliveryId()).thenReturn(false)))
			.any(Boolean::booleanValue)
			.map((olderPending) -> !olderPending);
	}

	/**
	 * Takes a delivery that is done (sent, or failed for good) off its line; the next one
	 * on the line, if any, is the answer, to be attempted at once.
	 */
	Mono<String> done(Delivery delivery) {
		if (!isOrdered(delivery)) {
			return Mono.empty();
		}
		String line = lineOf(delivery);
		return takeOff(line, delivery.id()).then(this.mongo.findById(line, Line.class))
			.flatMap((found) -> found.pending().isEmpty()
					? this.mongo.remove(byId(line).addCriteria(Criteria.where("pending").size(0)), Line.class)
						.then(Mono.<String>empty())
					: Mono.justOrEmpty(found.pending()
						.stream()
						.min(Comparator.comparingLong(Waiting::sequence))
						.map(Waiting::deliveryId)));
	}

	private Mono<Void> takeOff(String line, String deliveryId) {
		return this.mongo
			.updateFirst(byId(line), new Update().pull("pending", new org.bson.Document("deliveryId", deliveryId)),
					Line.class)
			.then();
	}

	private static boolean isOrdered(Delivery delivery) {
		return delivery.sequence() != null && delivery.subjectId() != null;
	}

	static String lineOf(Delivery delivery) {
		return Delivery.nameOf(delivery.subjectId(), delivery.recipient(), delivery.channel(), delivery.address());
	}

	private static Query byId(String id) {
		return Query.query(Criteria.where("_id").is(id));
	}

	/** The deliveries not yet done of one aggregate to one address. */
	@Document("delivery_lines")
	record Line(@Id String id, List<Waiting> pending) {

		Line {
			pending = (pending != null) ? pending : List.of();
		}

	}

	record Waiting(String deliveryId, long sequence) {

		static Waiting of(Delivery delivery) {
			return new Waiting(delivery.id(), delivery.sequence());
		}

	}

}
