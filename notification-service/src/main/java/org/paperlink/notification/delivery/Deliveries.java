package org.paperlink.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.MeterRegistry;
import org.paperlink.platform.PageResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Deliveries outside the app. Each is recorded first, then sent on its own, so a channel
 * that is down never holds up another channel or the consumer. A failed attempt is
 * retried with exponential backoff and jitter; after the last attempt the delivery is
 * FAILED and counted. Pending deliveries survive a restart: they are picked up again at
 * start-up.
 */
@Service
public class Deliveries {

	private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

	private final ReactiveMongoTemplate mongo;

	private final Map<Channel, ChannelSender> senders = new EnumMap<>(Channel.class);

	private final DeliveryProperties properties;

	private final MeterRegistry meters;

	private final Clock clock;

	Deliveries(ReactiveMongoTemplate mongo, List<ChannelSender> senders, RobotSenders robots,
			DeliveryProperties properties, MeterRegistry meters, Clock clock) {
		this.mongo = mongo;
		senders.forEach((sender) -> this.senders.put(sender.channel(), sender));
		List.of(robots.dingTalk(), robots.weCom(), robots.webhook())
			.forEach((sender) -> this.senders.put(sender.channel(), sender));
		this.properties = properties;
		this.meters = meters;
		this.clock = clock;
	}

	/**
	 * Records the deliveries of one event and starts sending the new ones; known ones are
	 * skipped.
	 */
	public Mono<Long> plan(List<Delivery> deliveries) {
		return Flux.fromIterable(deliveries)
			.flatMap((delivery) -> this.mongo.insert(delivery)
				.doOnNext(this::sendSoon)
				.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.empty()), 8)
			.count();
	}

	Mono<PageResponse<DeliveryView>> list(DeliveryStatus status, int page, int size) {
		Query query = (status != null) ? Query.query(Criteria.where("status").is(status)) : new Query();
		Mono<List<DeliveryView>> items = this.mongo
			.find(Query.of(query).with(Sort.by(Sort.Direction.DESC, "createdAt")).skip((long) page * size).limit(size),
					Delivery.class)
			.map(DeliveryView::of)
			.collectList();
		return Mono.zip(items, this.mongo.count(query, Delivery.class))
			.map((both) -> new PageResponse<>(both.getT1(), both.getT2(), page, size));
	}

	@EventListener(ApplicationReadyEvent.class)
	void resumePending() {
		this.mongo.find(Query.query(Criteria.where("status").is(DeliveryStatus.PENDING)), Delivery.class)
			.doOnNext((delivery) -> schedule(delivery,
					Duration.between(this.clock.instant(),
							(delivery.nextAttemptAt() != null) ? delivery.nextAttemptAt() : this.clock.instant())))
			.subscribe();
	}

	private void sendSoon(Delivery delivery) {
		schedule(delivery, Duration.ZERO);
	}

	private void schedule(Delivery delivery, Duration delay) {
		Mono.delay(delay.isNegative() ? Duration.ZERO : delay).then(attempt(delivery)).onErrorResume((ex) -> {
			log.error("Delivery {} could not be recorded", delivery.id(), ex);
			return Mono.empty();
		}).subscribe();
	}

	private Mono<Void> attempt(Delivery delivery) {
		ChannelSender sender = this.senders.get(delivery.channel());
		return Mono.defer(() -> sender.send(delivery))
			.then(Mono.defer(() -> sent(delivery)))
			.onErrorResume((ex) -> failed(delivery, ex));
	}

	private Mono<Void> sent(Delivery delivery) {
		Instant now = this.clock.instant();
		this.meters.counter("paperlink.delivery.sent", "channel", delivery.channel().name()).increment();
		this.meters.timer("paperlink.delivery.latency", "channel", delivery.channel().name())
			.record(Duration.between(delivery.createdAt(), now));
		return this.mongo.updateFirst(Query.query(Criteria.where("_id").is(delivery.id())),
				new Update().set("status", DeliveryStatus.SENT)
					.set("sentAt", now)
					.set("attempts", delivery.attempts() + 1)
					.unset("nextAttemptAt"),
				Delivery.class)
			.then();
	}

	private Mono<Void> failed(Delivery delivery, Throwable ex) {
		int attempts = delivery.attempts() + 1;
		String error = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		this.meters.counter("paperlink.delivery.attempt.failures", "channel", delivery.channel().name()).increment();
		if (attempts >= this.properties.maxAttempts()) {
			log.warn("Delivery {} on {} failed for good after {} attempts: {}", delivery.id(), delivery.channel(),
					attempts, error);
			this.meters.counter("paperlink.delivery.failed", "channel", delivery.channel().name()).increment();
			return this.mongo.updateFirst(Query.query(Criteria.where("_id").is(delivery.id())),
					new Update().set("status", DeliveryStatus.FAILED)
						.set("attempts", attempts)
						.set("lastError", error)
						.unset("nextAttemptAt"),
					Delivery.class)
				.then();
		}
		Duration backoff = backoff(attempts);
		Instant next = this.clock.instant().plus(backoff);
		Delivery retry = new Delivery(delivery.id(), delivery.eventId(), delivery.eventType(), delivery.recipient(),
				delivery.channel(), delivery.address(), delivery.secret(), delivery.title(), delivery.body(),
				delivery.urgent(), DeliveryStatus.PENDING, attempts, error, delivery.createdAt(), next, null);
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(delivery.id())),
					new Update().set("attempts", attempts).set("lastError", error).set("nextAttemptAt", next),
					Delivery.class)
			.doOnSuccess((result) -> schedule(retry, backoff))
			.then();
	}

	/**
	 * Exponential backoff with jitter: initial × 2^(attempts−1), capped, ± the jitter
	 * share.
	 */
	Duration backoff(int attempts) {
		long base = Math.min(this.properties.maxBackoff().toMillis(),
				this.properties.initialBackoff().toMillis() * (1L << Math.min(attempts - 1, 20)));
		double spread = this.properties.jitter() * base;
		long jittered = Math.round(base - spread + ThreadLocalRandom.current().nextDouble() * 2 * spread);
		return Duration.ofMillis(Math.max(1, jittered));
	}

}
