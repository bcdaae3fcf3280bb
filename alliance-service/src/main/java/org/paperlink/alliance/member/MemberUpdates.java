package org.paperlink.alliance.member;

import java.util.List;

import org.paperlink.alliance.outbox.OutboxCollection;
import org.paperlink.alliance.outbox.OutboxEvents;
import org.paperlink.alliance.outbox.OutboxRelay;
import org.paperlink.events.AllianceEvent;
import org.paperlink.platform.DomainProblem;
import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The one way a member document changes: a single update that applies only if nobody
 * changed the document since it was read (same {@code version}), bumps the version and
 * appends the events the change caused. Losing the race is a 409; the events are then
 * published by the outbox relay.
 */
@Component
public class MemberUpdates {

	private final ReactiveMongoTemplate mongo;

	private final OutboxEvents outboxEvents;

	private final OutboxRelay relay;

	private final ApplicationEventPublisher applicationEvents;

	MemberUpdates(ReactiveMongoTemplate mongo, OutboxEvents outboxEvents, OutboxRelay relay,
			ApplicationEventPublisher applicationEvents) {
		this.mongo = mongo;
		this.outboxEvents = outboxEvents;
		this.relay = relay;
		this.applicationEvents = applicationEvents;
	}

	public Mono<Member> apply(Member current, Update update, List<? extends AllianceEvent> events) {
		return apply(current, null, update, events);
	}

	/**
	 * As {@link #apply(Member, Update, List)}, with a further condition the document must
	 * meet.
	 */
	public Mono<Member> apply(Member current, Criteria guard, Update update, List<? extends AllianceEvent> events) {
		Criteria unchanged = Criteria.where("_id").is(current.id()).and("version").is(current.version());
		Query query = Query.query((guard != null) ? new Criteria().andOperator(unchanged, guard) : unchanged);
		update.inc("version", 1);
		if (!events.isEmpty()) {
			update.push(OutboxCollection.PENDING_EVENTS)
				.each(events.stream().map(this.outboxEvents::pending).toArray());
		}
		return this.mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(true), Member.class)
			.switchIfEmpty(Mono.error(() -> DomainProblem.conflict("concurrent-change")))
			.doOnNext((updated) -> {
				this.relay.publishSoon(Member.COLLECTION, updated.id());
				this.applicationEvents.publishEvent(new MembershipChanged(updated.id()));
			});
	}

}
