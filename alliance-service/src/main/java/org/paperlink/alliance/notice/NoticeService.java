package org.paperlink.alliance.notice;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.bson.types.ObjectId;
import org.paperlink.alliance.audit.AuditTrail;
import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.MemberStatus;
import org.paperlink.alliance.outbox.OutboxCollection;
import org.paperlink.alliance.outbox.OutboxEvents;
import org.paperlink.alliance.outbox.OutboxRelay;
import org.paperlink.events.NoticePublished;
import org.paperlink.platform.DomainProblem;
import org.paperlink.platform.Role;
import org.paperlink.platform.SignedInUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Notices: published at once or at their scheduled time. Publishing resolves the audience
 * to member ids and writes the notice and its event in one document.
 */
@Service
class NoticeService {

	private static final Logger log = LoggerFactory.getLogger(NoticeService.class);

	private final ReactiveMongoTemplate mongo;

	private final OutboxEvents outboxEvents;

	private final OutboxRelay relay;

	private final AuditTrail audit;

	private final Clock clock;

	NoticeService(ReactiveMongoTemplate mongo, OutboxEvents outboxEvents, OutboxRelay relay, AuditTrail audit,
			Clock clock) {
		this.mongo = mongo;
		this.audit = audit;
		this.outboxEvents = outboxEvents;
		this.relay = relay;
		this.clock = clock;
	}

	Mono<Notice> create(NoticeRequest request, SignedInUser secretary) {
		return draftOrPublish(request, secretary)
			.flatMap((notice) -> this.audit.record("notice.created", "notice", notice.id(), null,
					Map.of("title", notice.title(), "audience", notice.audience().scope(), "priority",
							String.valueOf(notice.priority()), "status", notice.status().name(), "audienceSize",
							notice.audienceMemberIds().size()))
				.thenReturn(notice));
	}

	private Mono<Notice> draftOrPublish(NoticeRequest request, SignedInUser secretary) {
		Notice.Audience audience = new Notice.Audience(request.audience().scope(), request.audience().pillars(),
				request.audience().memberIds());
		Instant now = this.clock.instant();
		boolean scheduled = request.publishAt() != null && request.publishAt().toInstant().isAfter(now);
		return checkAudience(audience).flatMap((resolved) -> {
			String id = new ObjectId().toHexString();
			Notice draft = new Notice(id, UserText.clean(request.title()), UserText.clean(request.body()), audience,
					request.priority(), request.requiresAck(), request.remindAfterHours(),
					scheduled ? request.publishAt().toInstant() : now, Notice.NoticeStatus.SCHEDULED, List.of(),
					secretary.username(), now, null, 0, List.of());
			if (scheduled) {
				return this.mongo.insert(draft);
			}
			NoticePublished event = event(draft, resolved, now);
			Notice published = new Notice(id, draft.title(), draft.body(), audience, draft.priority(),
					draft.requiresAck(), draft.remindAfterHours(), now, Notice.NoticeStatus.PUBLISHED, resolved,
					draft.createdBy(), now, now, 0, List.of(this.outboxEvents.pending(event)));
			return this.mongo.insert(published)
				.doOnNext((notice) -> this.relay.publishSoon(Notice.COLLECTION, notice.id()));
		});
	}

	Flux<Notice> visibleTo(SignedInUser caller) {
		Criteria criteria = new Criteria();
		if (!caller.hasAny(Role.SECRETARIAT, Role.PARTY_COMMITTEE, Role.ADMIN)) {
			criteria = Criteria.where("status")
				.is(Notice.NoticeStatus.PUBLISHED)
				.and("audienceMemberIds")
				.is((caller.memberId() != null) ? caller.memberId() : "-");
		}
		return this.mongo.find(Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "createdAt")), Notice.class);
	}

	Mono<Notice> get(String id, SignedInUser caller) {
		return this.mongo.findById(id, Notice.class)
			.filter((notice) -> caller.hasAny(Role.SECRETARIAT, Role.PARTY_COMMITTEE, Role.ADMIN)
					|| (notice.status() == Notice.NoticeStatus.PUBLISHED && caller.memberId() != null
							&& notice.audienceMemberIds().contains(caller.memberId())))
			.switchIfEmpty(Mono.error(() -> DomainProblem.notFound("notice-not-found", id)));
	}

	/**
	 * Publishes the scheduled notices that are due; several replicas may run this safely.
	 */
	@Scheduled(fixedDelayString = "${paperlink.notices.schedule-check:15s}")
	void publishDue() {
		this.mongo.find(Query.query(
				Criteria.where("status").is(Notice.NoticeStatus.SCHEDULED).and("publishAt").lte(this.clock.instant())),
				Notice.class)
			.concatMap(this::publishScheduled)
			.subscribe((notice) -> log.info("Published scheduled notice {}", notice.id()),
					(ex) -> log.warn("Publishing scheduled notices failed, will try again: {}", ex.getMessage()));
	}

	private Mono<Notice> publishScheduled(Notice notice) {
		Instant now = this.clock.instant();
		return resolve(notice.audience()).flatMap((resolved) -> {
			Query unchanged = Query.query(Criteria.where("_id")
				.is(notice.id())
				.and("version")
				.is(notice.version())
				.and("status")
				.is(Notice.NoticeStatus.SCHEDULED));
			Update publish = new Update().set("status", Notice.NoticeStatus.PUBLISHED)
				.set("audienceMemberIds", resolved)
				.set("publishedAt", now)
				.inc("version", 1)
				.push(OutboxCollection.PENDING_EVENTS, this.outboxEvents.pending(event(notice, resolved, now)));
			return this.mongo.findAndModify(unchanged, publish, FindAndModifyOptions.options().returnNew(true),
					Notice.class);
		}).doOnNext((published) -> this.relay.publishSoon(Notice.COLLECTION, published.id()));
	}

	/**
	 * The audience must name something, and every named member must be an active member.
	 */
	private Mono<List<String>> checkAudience(Notice.Audience audience) {
		if ("PILLARS".equals(audience.scope()) && audience.pillars().isEmpty()) {
			return Mono
				.error(DomainProblem.onField(HttpStatus.UNPROCESSABLE_CONTENT, "audience-empty", "audience.pillars"));
		}
		if ("MEMBERS".equals(audience.scope()) && audience.memberIds().isEmpty()) {
			return Mono
				.error(DomainProblem.onField(HttpStatus.UNPROCESSABLE_CONTENT, "audience-empty", "audience.memberIds"));
		}
		return resolve(audience).flatMap((resolved) -> {
			if ("MEMBERS".equals(audience.scope()) && resolved.size() < new TreeSet<>(audience.memberIds()).size()) {
				Set<String> unknown = new TreeSet<>(audience.memberIds());
				unknown.removeAll(resolved);
				return Mono.error(DomainProblem.onField(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-members",
						"audience.memberIds", String.join(", ", unknown)));
			}
			if (resolved.isEmpty()) {
				return Mono
					.error(DomainProblem.onField(HttpStatus.UNPROCESSABLE_CONTENT, "audience-empty", "audience"));
			}
			return Mono.just(resolved);
		});
	}

	private Mono<List<String>> resolve(Notice.Audience audience) {
		Criteria active = Criteria.where("status").is(MemberStatus.ACTIVE);
		Criteria criteria = switch (audience.scope()) {
			case "PILLARS" -> active.and("pillar").in(audience.pillars());
			case "MEMBERS" -> active.and("_id").in(audience.memberIds());
			default -> active;
		};
		Query query = Query.query(criteria);
		query.fields().include("_id");
		return this.mongo.find(query, org.bson.Document.class, Member.COLLECTION)
			.map((member) -> member.get("_id").toString())
			.sort()
			.collectList();
	}

	private static NoticePublished event(Notice notice, List<String> audience, Instant publishedAt) {
		return new NoticePublished(notice.id(), notice.title(), notice.body(), notice.priority(), notice.requiresAck(),
				notice.remindAfterHours(), audience, notice.createdBy(), publishedAt);
	}

	@Configuration(proxyBeanMethods = false)
	static class NoticeOutbox {

		@Bean
		OutboxCollection noticeOutboxCollection() {
			return new OutboxCollection(Notice.COLLECTION);
		}

	}

}
