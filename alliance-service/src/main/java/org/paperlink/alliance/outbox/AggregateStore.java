package org.paperlink.alliance.outbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.bson.Document;
import org.paperlink.events.AllianceEvent;
import org.paperlink.platform.DomainProblem;
import org.paperlink.platform.RequestIds;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
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
 * The one way an aggregate is written. A change is a single document write that applies
 * only to the version it was decided on (plus any further guard), raises the version, and
 * appends the events it caused to the document's {@code pendingEvents}, each with its
 * audit note. The relay then derives the audit trail and the other projections from those
 * events and publishes them, so neither is lost if this process dies after the write.
 * Losing the race is a 409 {@code concurrent-change}.
 */
@Component
public class AggregateStore {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private static final String ACTOR = AggregateStore.class.getName() + ".actor";

	private static final String VERSION = "version";

	/** The field of an aggregate's document that holds its pending events. */
	public static final String PENDING_EVENTS = "pendingEvents";

	private final ReactiveMongoTemplate mongo;

	private final OutboxEvents outboxEvents;

	private final OutboxRelay relay;

	private final ApplicationEventPublisher applicationEvents;

	private final JsonMapper json;

	AggregateStore(ReactiveMongoTemplate mongo, OutboxEvents outboxEvents, OutboxRelay relay,
			ApplicationEventPublisher applicationEvents, JsonMapper json) {
		this.mongo = mongo;
		this.outboxEvents = outboxEvents;
		this.relay = relay;
		this.applicationEvents = applicationEvents;
		this.json = json;
	}

	/**
	 * Names who acts when nobody is signed in (a self-registration names its applicant):
	 * {@code mono.contextWrite(AggregateStore.actingAs("dongsen"))}.
	 */
	public static Function<Context, Context> actingAs(String actor) {
		return (context) -> context.put(ACTOR, actor);
	}

	/**
	 * Writes a new aggregate (version 0) with the events that created it. A duplicate key
	 * fails as {@link org.springframework.dao.DuplicateKeyException}; nothing is written.
	 */
	public <T extends Aggregate> Mono<T> insert(T aggregate, List<? extends AllianceEvent> events) {
		return insert(aggregate, events, null);
	}

	/**
	 * As {@link #insert(Aggregate, List)}, for a change nobody else needs to hear of: it
	 * is audited as {@code action} and publishes nothing.
	 */
	public <T extends Aggregate> Mono<T> insertAudited(T aggregate, String action, Map<String, ?> facts) {
		return insert(aggregate, List.of(), new Unpublished(action, facts));
	}

	private <T extends Aggregate> Mono<T> insert(T aggregate, List<? extends AllianceEvent> events,
			Unpublished unpublished) {
		String collection = this.mongo.getCollectionName(aggregate.getClass());
		return pending(collection, aggregate.id(), aggregate.version(), null, Map.of(), events, unpublished)
			.flatMap((pending) -> {
				Document document = new Document();
				this.mongo.getConverter().write(aggregate, document);
				document.put(PENDING_EVENTS, pending.stream().map(this::toDocument).toList());
				return this.mongo.insert(document, collection);
			})
			.thenReturn(aggregate)
			.doOnNext((written) -> written(collection, written.id()));
	}

	/**
	 * Applies {@code change} to {@code current} if nobody changed it since it was read,
	 * with the events the change caused; returns the new state.
	 */
	public <T extends Aggregate> Mono<T> update(T current, Update change, List<? extends AllianceEvent> events) {
		return update(current, null, change, events);
	}

	/**
	 * As {@link #update(Aggregate, Update, List)}, with a further condition the stored
	 * document must meet.
	 */
	@SuppressWarnings("unchecked")
	public <T extends Aggregate> Mono<T> update(T current, Criteria guard, Update change,
			List<? extends AllianceEvent> events) {
		Class<T> type = (Class<T>) current.getClass();
		String collection = this.mongo.getCollectionName(type);
		Criteria unchanged = Criteria.where("_id").is(current.id()).and(VERSION).is(current.version());
		Query query = Query.query((guard != null) ? new Criteria().andOperator(unchanged, guard) : unchanged);
		return pending(collection, current.id(), current.version() + 1, current, setFields(change), events, null)
			.flatMap((pending) -> {
				change.inc(VERSION, 1);
				if (!pending.isEmpty()) {
					change.push(PENDING_EVENTS).each(pending.stream().map(this::toDocument).toArray());
				}
				return this.mongo.findAndModify(query, change, FindAndModifyOptions.options().returnNew(true), type,
						collection);
			})
			.switchIfEmpty(Mono.error(() -> DomainProblem.conflict("concurrent-change")))
			.doOnNext((updated) -> written(collection, updated.id()));
	}

	private void written(String collection, String id) {
		this.relay.publishSoon(collection, id);
		this.applicationEvents.publishEvent(new AggregateChanged(collection, id));
	}

	private Mono<List<PendingEvent>> pending(String collection, String id, long version, Aggregate before,
			Map<String, Object> set, List<? extends AllianceEvent> events, Unpublished unpublished) {
		return Mono.deferContextual((context) -> SignedInUser.current()
			.map((user) -> new Actor(user.username(), user.roles().stream().map(Enum::name).sorted().toList()))
			.defaultIfEmpty(new Actor(context.getOrDefault(ACTOR, "anonymous"), List.of()))
			.zipWith(RequestIds.current().defaultIfEmpty("-"))
			.map((who) -> {
				String targetType = collection.endsWith("s") ? collection.substring(0, collection.length() - 1)
						: collection;
				Map<String, Object> was = (before != null) ? fields(before, set.keySet()) : null;
				List<PendingEvent> pending = new ArrayList<>();
				for (AllianceEvent event : events) {
					Map<String, Object> now = new LinkedHashMap<>(printable(set));
					now.put("event", this.json.convertValue(event, MAP));
					PendingEvent.Audit audit = new PendingEvent.Audit(who.getT1().name(), who.getT1().roles(),
							who.getT2(), action(event), targetType, id, was, now);
					pending.add(this.outboxEvents.pending(event, version, audit));
				}
				if (unpublished != null) {
					PendingEvent.Audit audit = new PendingEvent.Audit(who.getT1().name(), who.getT1().roles(),
							who.getT2(), unpublished.action(), targetType, id, was, printable(unpublished.facts()));
					pending.add(this.outboxEvents.auditOnly(id, version, audit));
				}
				return pending;
			}));
	}

	/** {@code org.paperlink.member.approved.v1} is audited as {@code member.approved}. */
	private static String action(AllianceEvent event) {
		return event.type().ceType().replace("org.paperlink.", "").replaceFirst("\\.v\\d+$", "");
	}

	private Map<String, Object> fields(Aggregate aggregate, java.util.Set<String> names) {
		Map<String, Object> all = this.json.convertValue(aggregate, MAP);
		Map<String, Object> chosen = new LinkedHashMap<>();
		for (String name : names) {
			chosen.put(name, String.valueOf(all.get(name)));
		}
		return chosen;
	}

	private Map<String, Object> printable(Map<String, ?> values) {
		Map<String, Object> printable = new LinkedHashMap<>();
		values
			.forEach((name, value) -> printable.put(name, String.valueOf(this.json.convertValue(value, Object.class))));
		return printable;
	}

	private static Map<String, Object> setFields(Update change) {
		Object set = change.getUpdateObject().get("$set");
		Map<String, Object> fields = new LinkedHashMap<>();
		if (set instanceof Map<?, ?> values) {
			// whole lists (projects, products) are left to the events, which say what
			// changed
			values.forEach((name, value) -> {
				if (!(value instanceof java.util.Collection<?>)) {
					fields.put(name.toString(), value);
				}
			});
		}
		return fields;
	}

	private Document toDocument(PendingEvent event) {
		Document document = new Document();
		this.mongo.getConverter().write(event, document);
		return document;
	}

	private record Actor(String name, List<String> roles) {

	}

	private record Unpublished(String action, Map<String, ?> facts) {

	}

}
