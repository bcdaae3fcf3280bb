package org.paperlink.alliance.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.bson.types.ObjectId;
import org.paperlink.alliance.outbox.PendingEvent;
import org.paperlink.platform.NewDocuments;
import org.paperlink.platform.PageResponse;
import org.paperlink.platform.Pages;
import org.paperlink.platform.RequestIds;
import org.paperlink.platform.SignedInUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * The append-only audit trail. A change to an aggregate is recorded from the audit note
 * its event carries ({@link #project}), which the outbox relay writes before it
 * publishes: the record cannot be lost once the change is written. Other changes
 * (accounts) are recorded once written; should that insert fail, the change stands and
 * the failure is logged with everything the record would have held, so it can be
 * recovered from the logs.
 */
@Service
public class AuditTrail {

	private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

	private final ReactiveMongoTemplate mongo;

	private final Clock clock;

	AuditTrail(ReactiveMongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	/** Newest first; each filter given narrows the search. */
	Mono<PageResponse<AuditRecord>> search(String actor, String action, String targetId, String requestId, int page,
			int size) {
		List<Criteria> filters = new ArrayList<>();
		if (actor != null) {
			filters.add(Criteria.where("actor").is(actor));
		}
		if (action != null) {
			filters.add(Criteria.where("action").is(action));
		}
		if (targetId != null) {
			filters.add(Criteria.where("targetId").is(targetId));
		}
		if (requestId != null) {
			filters.add(Criteria.where("requestId").is(requestId));
		}
		Criteria criteria = filters.isEmpty() ? new Criteria() : new Criteria().andOperator(filters);
		return Pages.read(this.mongo, Query.query(criteria), Sort.by(Sort.Direction.DESC, "at"), AuditRecord.class,
				Function.identity(), page, size);
	}

	/** Records a change made by the signed-in user of the current request. */
	public Mono<Void> record(String action, String targetType, String targetId, Map<String, ?> before,
			Map<String, ?> after) {
		return SignedInUser.current()
			.map((user) -> new Actor(user.username(), user.roles().stream().map(Enum::name).sorted().toList()))
			.defaultIfEmpty(new Actor("anonymous", List.of()))
			.flatMap((actor) -> record(actor, action, targetType, targetId, before, after));
	}

	/** Records a change the service made on its own, under a name that says why. */
	public Mono<Void> recordAs(String actor, String action, String targetType, String targetId, Map<String, ?> after) {
		return record(new Actor(actor, List.of()), action, targetType, targetId, null, after);
	}

	/**
	 * The records of aggregates' changes, by their events' ids: a second run writes
	 * nothing.
	 */
	public Mono<Void> project(List<PendingEvent> events) {
		List<AuditRecord> records = events.stream().filter((event) -> event.audit() != null).map((event) -> {
			PendingEvent.Audit audit = event.audit();
			return new AuditRecord(event.eventId(), event.time(), audit.actor(), audit.actorRoles(), audit.action(),
					audit.targetType(), audit.targetId(), copy(audit.before()), copy(audit.after()), audit.requestId());
		}).toList();
		return NewDocuments.insert(this.mongo, AuditRecord.COLLECTION, records, AuditRecord::id).then();
	}

	private Mono<Void> record(Actor actor, String action, String targetType, String targetId, Map<String, ?> before,
			Map<String, ?> after) {
		return RequestIds.current()
			.defaultIfEmpty("-")
			.map((requestId) -> new AuditRecord(new ObjectId().toHexString(), this.clock.instant(), actor.name(),
					actor.roles(), action, targetType, targetId, copy(before), copy(after), requestId))
			.flatMap((record) -> this.mongo.insert(record)
				.doOnError((ex) -> log.error("Audit record not written ({}): {}", ex.getMessage(), record))
				.onErrorComplete())
			.then();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> copy(Map<String, ?> values) {
		return (values != null) ? (Map<String, Object>) Map.copyOf(values) : null;
	}

	private record Actor(String name, List<String> roles) {

	}

}
