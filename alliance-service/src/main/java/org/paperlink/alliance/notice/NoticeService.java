package org.paperlink.alliance.notice;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.bson.types.ObjectId;
import org.paperlink.alliance.member.MemberRepository;
import org.paperlink.alliance.outbox.AggregateStore;
import org.paperlink.platform.Refusal;
import org.paperlink.platform.RestoreWindows;
import org.paperlink.platform.Role;
import org.paperlink.platform.SignedInUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
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

	private final MemberRepository members;

	private final AggregateStore store;

	private final Clock clock;

	private final RestoreWindows restores;

	NoticeService(ReactiveMongoTemplate mongo, MemberRepository members, AggregateStore store, Clock clock,
			RestoreWindows restores) {
		this.restores = restores;
		this.mongo = mongo;
		this.members = members;
		this.store = store;
		this.clock = clock;
	}

	Mono<Notice> create(NoticeRequest request, SignedInUser secretary) {
		Notice.Audience audience = new Notice.Audience(request.audience().scope(), request.audience().pillars(),
				request.audience().memberIds());
		Instant now = this.clock.instant();
		boolean scheduled = request.publishAt() != null && request.publishAt().toInstant().isAfter(now);
		return checkAudience(audience).flatMap((resolved) -> {
			String id = new ObjectId().toHexString();
			Notice draft = new Notice(id, UserText.clean(request.title()), UserText.clean(request.body()), audience,
					request.priority(), request.requiresAck(), request.remindAfterHours(),
					scheduled ? request.publishAt().toInstant() : now, Notice.NoticeStatus.SCHEDULED, List.of(),
					secretary.username(), now, null, 0);
			if (scheduled) {
				return this.store.insertAudited(draft, "notice.scheduled",
						Map.of("title", draft.title(), "audience", audience.scope(), "priority",
								String.valueOf(draft.priority()), "publishAt", draft.publishAt()));
			}
			Notice published = new Notice(id, draft.title(), draft.body(), audience, draft.priority(),
					draft.requiresAck(), draft.remindAfterHours(), now, Notice.NoticeStatus.PUBLISHED, resolved,
					draft.createdBy(), now, now, 0);
			return this.store.insert(published, List.of(published.event()));
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
			.switchIfEmpty(Mono.error(() -> Refusal.notFound("notice-not-found", id)));
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

	/**
	 * Publishes a scheduled notice now; or, when it fell due between a backup and its
	 * restore ({@link RestoreWindows}), again, as of its time, saying that its emails may
	 * have gone out before the restore.
	 */
	private Mono<Notice> publishScheduled(Notice notice) {
		return this.restores.covering(notice.publishAt())
			.flatMap((restored) -> resolve(notice.audience()).flatMap((resolved) -> {
				restored.ifPresent((window) -> log.warn("Scheduled notice {} published again, as of {}: {}",
						notice.id(), notice.publishAt(), window.reason()));
				return this.store.update(notice, restored.isPresent() ? notice.publishAgainAfterRestore(resolved)
						: notice.publish(resolved, this.clock.instant()));
			}))
			// another replica published it first
			.onErrorResume(Refusal.class, (lost) -> Mono.empty());
	}

	/**
	 * The audience must name something, and every named member must be an active member.
	 */
	private Mono<List<String>> checkAudience(Notice.Audience audience) {
		if ("PILLARS".equals(audience.scope()) && audience.pillars().isEmpty()) {
			return Mono.error(Refusal.invalid("audience-empty", "audience.pillars"));
		}
		if ("MEMBERS".equals(audience.scope()) && audience.memberIds().isEmpty()) {
			return Mono.error(Refusal.invalid("audience-empty", "audience.memberIds"));
		}
		return resolve(audience).flatMap((resolved) -> {
			if ("MEMBERS".equals(audience.scope()) && resolved.size() < new TreeSet<>(audience.memberIds()).size()) {
				Set<String> unknown = new TreeSet<>(audience.memberIds());
				unknown.removeAll(resolved);
				return Mono.error(Refusal.invalid("unknown-members", "audience.memberIds", String.join(", ", unknown)));
			}
			if (resolved.isEmpty()) {
				return Mono.error(Refusal.invalid("audience-empty", "audience"));
			}
			return Mono.just(resolved);
		});
	}

	private Mono<List<String>> resolve(Notice.Audience audience) {
		Flux<MemberRepository.MemberId> members = switch (audience.scope()) {
			case "PILLARS" -> this.members.activeIdsInPillars(audience.pillars());
			case "MEMBERS" -> this.members.activeIdsAmong(audience.memberIds());
			default -> this.members.activeIds();
		};
		return members.map(MemberRepository.MemberId::id).sort().collectList();
	}

}
