package org.paperlink.alliance.member;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.paperlink.platform.Refusal;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/**
 * The member package's queries: every other feature reads members through here, by what
 * it means (the active members, the pillar leads, a project's owner), never by the
 * collection's field names. Members change only through the aggregate store.
 */
public interface MemberRepository extends ReactiveCrudRepository<Member, String> {

	/** The member, or the refusal a client sees when there is none (404). */
	default Mono<Member> existing(String id) {
		return findById(id).switchIfEmpty(Mono.error(() -> Refusal.notFound("member-not-found", id)));
	}

	default Flux<Member> active() {
		return findByStatus(MemberStatus.ACTIVE);
	}

	default Flux<Member> activeByName() {
		return findByStatusOrderByEnterpriseNameAsc(MemberStatus.ACTIVE);
	}

	/** The members a roster lists: active and suspended. */
	default Flux<Member> onRoster() {
		return findByStatusIn(List.of(MemberStatus.ACTIVE, MemberStatus.SUSPENDED));
	}

	/** The active members of these pillars, by id only. */
	default Flux<MemberId> activeIdsInPillars(Collection<String> pillars) {
		return findByStatusAndPillarIn(MemberStatus.ACTIVE, pillars);
	}

	/** Of these members, the active ones, by id only. */
	default Flux<MemberId> activeIdsAmong(Collection<String> ids) {
		return findByStatusAndIdIn(MemberStatus.ACTIVE, ids);
	}

	default Flux<MemberId> activeIds() {
		return findIdsByStatus(MemberStatus.ACTIVE);
	}

	/** The members holding any of these USCCs (a rejected application holds none). */
	default Flux<Member> holdingUscc(Collection<String> usccs) {
		return findByUsccKeyIn(usccs);
	}

	/** The member that registered a renovation project, or a 404 refusal. */
	default Mono<Member> ownerOfProject(String projectId) {
		return findFirstByRenovationsProjectId(projectId)
			.switchIfEmpty(Mono.error(() -> Refusal.notFound("project-not-found", projectId)));
	}

	/** The active members' standing, for the overview: only these fields are read. */
	default Flux<Standing> activeStandings() {
		return findStandingsByStatus(MemberStatus.ACTIVE);
	}

	/** Only the id is read: a fan-out to every member need not load every document. */
	record MemberId(String id) {
	}

	/**
	 * What the overview needs of a member; read tolerantly (a field the document lacks is
	 * null), so that no one document stops the overview or the reports that ask it.
	 */
	record Standing(String id, String enterpriseName, String pillar, Tier tier, Instant decidedAt,
			Long annualCapacityTonnes, Long version) {
	}

	Flux<Member> findByStatus(MemberStatus status);

	Flux<Member> findByStatusOrderByEnterpriseNameAsc(MemberStatus status);

	Flux<Member> findByStatusIn(Collection<MemberStatus> statuses);

	Flux<MemberId> findByStatusAndPillarIn(MemberStatus status, Collection<String> pillars);

	Flux<MemberId> findByStatusAndIdIn(MemberStatus status, Collection<String> ids);

	Flux<MemberId> findIdsByStatus(MemberStatus status);

	Flux<Standing> findStandingsByStatus(MemberStatus status);

	Flux<Member> findByUsccKeyIn(Collection<String> usccKeys);

	Mono<Member> findFirstByRenovationsProjectId(String projectId);

}
