package org.paperlink.alliance.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.bson.Document;
import org.paperlink.alliance.domain.Aggregate;
import org.paperlink.alliance.domain.Change;
import org.paperlink.events.AllianceEvent;
import org.paperlink.platform.Backoff;
import org.paperlink.platform.Refusal;
import org.paperlink.platform.RequestIds;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

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
 * events and publishes them, so neither is lost if this process dies after the write. A
 * command goes through {@link #decide}: read, decide, one guarded write; one that lost
 * the race is decided again on the newer state, unless its caller named the version it
 * decided on ({@link IfMatch}, 412). Losing every try is a 409 {@code concurrent-change}.
 */
@Component
public class AggregateStore {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private static final String ACTOR = AggregateStore.class.getName() + ".actor";

	private static final String VERSION = "version";

	private static final String CONCURRENT_CHANGE = "concurrent-change";

	/** Restores the request's observation, and so its trace, from the Reactor context. */
	private static final ContextSnapshotFactory TRACE = ContextSnapshotFactory.builder().build();

	/** Fields of the document that the store keeps, not the aggregate's state. */
	private static final Set<String> NOT_STATE = Set.of("_id", "_class", "version", "pendingEvents",
			OutboxRelay.RELAY_LEASE);

	/** The field of an aggregate's document that holds its pending events. */
	public static final String PENDING_EVENTS = "pendingEvents";

	/**
	 * How often a command without {@code If-Match} is decided again after losing a race:
	 * enough for eight writers of one aggregate at once, each try a read and a write.
	 */
	private static final int DECIDE_AGAIN = 12;

	private static final Backoff AFTER_LOST_RACE = new Backoff(Duration.ofMillis(2), Duration.ofMillis(40), 1);

	private final ReactiveMongoTemplate mongo;

	private final OutboxEvents outboxEvents;

	private final OutboxRelay relay;

	private final ChangeListeners listeners;

	private final JsonMapper json;

	AggregateStore(ReactiveMongoTemplate mongo, OutboxEvents outboxEvents, OutboxRelay relay, ChangeListeners listeners,
			JsonMapper json) {
		this.mongo = mongo;
		this.outboxEvents = outboxEvents;
		this.relay = relay;
		this.listeners = listeners;
		this.json = json;
	}

	/**
	 * Names who acts when nobody is signed in (a self-registration names its applicant;
	 * otherwise it is {@code system}, the service's own scheduled work):
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
		return pending(collection, aggregate.id(), aggregate.version(), null, aggregate, new Update(), events,
				unpublished)
			.flatMap((pending) -> {
				Document document = new Document();
				this.mongo.getConverter().write(aggregate, document);
				document.put(PENDING_EVENTS, pending.stream().map(this::toDocument).toList());
				document.put(OutboxRelay.RELAY_LEASE, this.relay.leaseForWrite());
				return this.mongo.insert(document, collection).doOnNext((inserted) -> {
					this.relay.handOver(collection, aggregate.id(), pending);
					this.listeners.written(aggregate);
				});
			})
			.thenReturn(aggregate);
	}

	/**
	 * A command: reads the aggregate ({@code current} is subscribed again for each try),
	 * checks the caller's {@link IfMatch}, lets {@code rule} decide, and writes what it
	 * decided as one guarded {@link #update}. Returns the change with the state as
	 * stored. A lost race is decided again on the newer state, a bounded number of times
	 * (then 409 {@code concurrent-change}); with {@code If-Match} it is a 412
	 * {@code version-changed} at once.
	 */
	public <T extends Aggregate> Mono<Change<T>> decide(Mono<T> current, Function<T, Mono<Change<T>>> rule) {
		return Mono.deferContextual((context) -> {
			Optional<IfMatch> ifMatch = IfMatch.of(context);
			Mono<Change<T>> once = current.flatMap((before) -> {
				if (ifMatch.isPresent() && !ifMatch.get().matches(before)) {
					return Mono.error(Refusal.preconditionFailed("version-changed"));
				}
				return rule.apply(before)
					.flatMap((change) -> update(before, change).map((stored) -> new Change<>(stored, change.events())));
			});
			if (ifMatch.isPresent()) {
				return once.onErrorMap(AggregateStore::lostRace,
						(lost) -> Refusal.preconditionFailed("version-changed"));
			}
			return once.retryWhen(AFTER_LOST_RACE.retries(DECIDE_AGAIN, AggregateStore::lostRace));
		});
	}

	private static boolean lostRace(Throwable ex) {
		return ex instanceof Refusal refusal && CONCURRENT_CHANGE.equals(refusal.slug());
	}

	/**
	 * Writes what a rule decided on {@code before}: the fields that differ, if nobody
	 * changed the aggregate since it was read, with the change's events; returns the new
	 * state as stored.
	 */
	@SuppressWarnings("unchecked")
	public <T extends Aggregate> Mono<T> update(T before, Change<T> change) {
		Class<T> type = (Class<T>) before.getClass();
		String collection = this.mongo.getCollectionName(type);
		Update update = difference(before, change.state());
		Query unchanged = Query.query(Criteria.where("_id").is(before.id()).and(VERSION).is(before.version()));
		return pending(collection, before.id(), before.version() + 1, before, change.state(), update, change.events(),
				null)
			.flatMap((pending) -> {
				update.inc(VERSION, 1);
				if (!pending.isEmpty()) {
					update.push(PENDING_EVENTS).each(pending.stream().map(this::toDocument).toArray());
				}
				// this replica sends the events: every one still pending, which the
				// write returns
				update.set(OutboxRelay.RELAY_LEASE, this.relay.leaseForWrite());
				return this.mongo.findAndModify(unchanged, update, FindAndModifyOptions.options().returnNew(true),
						Document.class, collection);
			})
			.switchIfEmpty(Mono.error(() -> Refusal.conflict(CONCURRENT_CHANGE)))
			.map((stored) -> {
				this.relay.handOver(collection, before.id(), this.relay.pendingEvents(stored));
				T written = this.mongo.getConverter().read(type, stored);
				this.listeners.written(written);
				return written;
			});
	}

	/** The top-level fields whose stored form differs: set, or unset when gone. */
	private Update difference(Aggregate before, Aggregate after) {
		Document was = new Document();
		this.mongo.getConverter().write(before, was);
		Document now = new Document();
		this.mongo.getConverter().write(after, now);
		Update update = new Update();
		now.forEach((field, value) -> {
			if (!NOT_STATE.contains(field) && !Objects.equals(value, was.get(field))) {
				update.set(field, value);
			}
		});
		was.keySet()
			.stream()
			.filter((field) -> !NOT_STATE.contains(field) && !now.containsKey(field))
			.forEach(update::unset);
		return update;
	}

	private Mono<List<PendingEvent>> pending(String collection, String id, long version, Aggregate before,
			Aggregate after, Update update, List<? extends AllianceEvent> events, Unpublished unpublished) {
		return Mono.deferContextual((context) -> SignedInUser.current()
			.map((user) -> new Actor(user.username(), user.roles().stream().map(Enum::name).sorted().toList()))
			// nobody signed in: a named applicant, or the service's own scheduled work
			.defaultIfEmpty(new Actor(context.getOrDefault(ACTOR, "system"), List.of()))
			.zipWith(RequestIds.current().defaultIfEmpty("-"))
			.map((who) -> {
				String targetType = collection.endsWith("s") ? collection.substring(0, collection.length() - 1)
						: collection;
				Set<String> changed = changedFields(update);
				Map<String, Object> was = (before != null) ? fields(before, changed) : null;
				Map<String, Object> is = fields(after, changed);
				List<PendingEvent> pending = new ArrayList<>();
				// The request's trace, which OutboxEvents stores with each event, is put
				// in scope here; context propagation is limited, not around every
				// operator.
				try (ContextSnapshot.Scope trace = TRACE.setThreadLocalsFrom(context,
						ObservationThreadLocalAccessor.KEY)) {
					for (AllianceEvent event : events) {
						Map<String, Object> now = new LinkedHashMap<>(is);
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
				}
				return pending;
			}));
	}

	/** {@code org.paperlink.member.approved.v1} is audited as {@code member.approved}. */
	private static String action(AllianceEvent event) {
		return event.type().ceType().replace("org.paperlink.", "").replaceFirst("\\.v\\d+$", "");
	}

	private Map<String, Object> fields(Aggregate aggregate, Set<String> names) {
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

	/**
	 * The fields a change sets or unsets, for its audit; whole lists (projects, products)
	 * are left to the events, which say better what changed.
	 */
	private static Set<String> changedFields(Update update) {
		Set<String> fields = new LinkedHashSet<>();
		for (String operator : List.of("$set", "$unset")) {
			if (update.getUpdateObject().get(operator) instanceof Map<?, ?> values) {
				values.forEach((field, value) -> {
					if (!(value instanceof java.util.Collection<?>)) {
						fields.add(field.toString());
					}
				});
			}
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
