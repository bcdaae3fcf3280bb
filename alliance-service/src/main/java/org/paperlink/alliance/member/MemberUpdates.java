package org.paperlink.alliance.member;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.paperlink.alliance.audit.AuditTrail;
import org.paperlink.alliance.outbox.OutboxCollection;
import org.paperlink.alliance.outbox.OutboxEvents;
import org.paperlink.alliance.outbox.OutboxRelay;
import org.paperlink.events.AllianceEvent;
import org.paperlink.platform.DomainProblem;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

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

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	/** Whole lists, which the events describe better than a before/after copy would. */
	private static final Set<String> LISTS = Set.of("renovations", "capacityHistory", "capacities");

	private final ReactiveMongoTemplate mongo;

	private final OutboxEvents outboxEvents;

	private final OutboxRelay relay;

	private final ApplicationEventPublisher applicationEvents;

	private final AuditTrail audit;

	private final JsonMapper json;

	MemberUpdates(ReactiveMongoTemplate mongo, OutboxEvents outboxEvents, OutboxRelay relay,
			ApplicationEventPublisher applicationEvents, AuditTrail audit, JsonMapper json) {
		this.mongo = mongo;
		this.audit = audit;
		this.json = json;
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
			})
			.flatMap((updated) -> audit(current, updated, update, events).thenReturn(updated));
	}

	/**
	 * Every member change is audited here: the fields it set, before and after, and the
	 * events it caused, which say what happened.
	 */
	private Mono<Void> audit(Member before, Member after, Update update, List<? extends AllianceEvent> events) {
		Object set = update.getUpdateObject().get("$set");
		Map<String, Object> was = new LinkedHashMap<>();
		Map<String, Object> now = new LinkedHashMap<>();
		if (set instanceof Map<?, ?> fields) {
			Map<String, Object> beforeFields = this.json.convertValue(before, MAP);
			Map<String, Object> afterFields = this.json.convertValue(after, MAP);
			for (Object field : fields.keySet()) {
				String name = field.toString();
				if (!LISTS.contains(name)) {
					was.put(name, String.valueOf(beforeFields.get(name)));
					now.put(name, String.valueOf(afterFields.get(name)));
				}
			}
		}
		now.put("events", events.stream().map((event) -> this.json.convertValue(event, MAP)).toList());
		String action = events.isEmpty() ? "member.changed"
				: events.stream()
					.map((event) -> event.type().ceType().replace("org.paperlink.", "").replace(".v1", ""))
					.collect(Collectors.joining("+"));
		return this.audit.record(action, "member", after.id(), was, now);
	}

}
