package org.paperlink.alliance.capacity;

import java.util.Comparator;
import java.util.List;

import org.paperlink.alliance.member.CapacityEntry;
import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.outbox.PendingEvent;
import org.paperlink.alliance.outbox.PendingEvents;
import org.paperlink.events.CapacityReported;
import org.paperlink.events.EventType;
import org.paperlink.platform.NewDocuments;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Each member's capacity history: one record per report, derived from its
 * {@code capacity.reported} event (by report id, so a second run writes nothing). A read
 * adds the reports whose events the relay has not handled yet, so a member sees its own
 * report at once.
 */
@Component
public class CapacityHistory {

	private final ReactiveMongoTemplate mongo;

	private final JsonMapper json;

	private final PendingEvents pendingEvents;

	CapacityHistory(ReactiveMongoTemplate mongo, JsonMapper json, PendingEvents pendingEvents) {
		this.mongo = mongo;
		this.json = json;
		this.pendingEvents = pendingEvents;
	}

	/** A member's reports, oldest first (by effective date, then by when reported). */
	Mono<List<CapacityEntry>> of(String memberId) {
		Flux<CapacityEntry> recorded = this.mongo.find(Query.query(Criteria.where("memberId").is(memberId)),
				CapacityEntry.class);
		Flux<CapacityEntry> pending = this.pendingEvents.of(Member.class, memberId)
			.filter(CapacityHistory::isReport)
			.map(this::entry);
		return Flux.concat(recorded, pending)
			.distinct(CapacityEntry::reportId)
			.sort(Comparator.comparing(CapacityEntry::effectiveFrom).thenComparing(CapacityEntry::reportedAt))
			.collectList();
	}

	/** Every member's reports. */
	Flux<CapacityEntry> all(Criteria criteria) {
		return this.mongo.find(Query.query(criteria), CapacityEntry.class);
	}

	/** Records the reports among the relay's batch ({@code capacity.reported} events). */
	public Mono<Void> project(List<PendingEvent> reports) {
		List<CapacityEntry> entries = reports.stream().map(this::entry).toList();
		return NewDocuments.insert(this.mongo, CapacityEntry.COLLECTION, entries, CapacityEntry::reportId).then();
	}

	private static boolean isReport(PendingEvent event) {
		return EventType.CAPACITY_REPORTED.ceType().equals(event.type());
	}

	private CapacityEntry entry(PendingEvent event) {
		CapacityReported report = (CapacityReported) EventType.CAPACITY_REPORTED.read(this.json, event.payload());
		return new CapacityEntry(report.reportId(), report.memberId(), report.category(), report.previousAnnualTonnes(),
				report.annualTonnes(), report.changeTonnes(), report.effectiveFrom(), report.reason(),
				report.reportedBy(), report.reportedAt(), report.projectId());
	}

}
