package org.paperlink.alliance.capacity;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.MemberRepository;
import org.paperlink.alliance.member.MemberStatus;
import org.paperlink.alliance.outbox.AggregateStore;
import org.paperlink.platform.DomainProblem;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * A member reports its capacity; the report, the new figure and the event are one write.
 */
@Service
class CapacityService {

	/**
	 * Reports further back than this are corrections of history, not reports: refused.
	 */
	private static final int MAX_YEARS_BACK = 1;

	private static final int MAX_YEARS_AHEAD = 3;

	private final MemberRepository members;

	private final AggregateStore store;

	private final CapacityFiling filing;

	private final Clock clock;

	CapacityService(MemberRepository members, AggregateStore store, CapacityFiling filing, Clock clock) {
		this.members = members;
		this.store = store;
		this.filing = filing;
		this.clock = clock;
	}

	Mono<CapacityFiling.Filed> report(String memberId, CapacityReportRequest request, SignedInUser caller) {
		if (!caller.isMember(memberId)) {
			return Mono.error(DomainProblem.forbidden("not-your-enterprise"));
		}
		LocalDate today = LocalDate.now(this.clock);
		if (request.effectiveFrom().isBefore(today.minusYears(MAX_YEARS_BACK))) {
			return Mono.error(DomainProblem.onField(HttpStatus.UNPROCESSABLE_CONTENT, "effective-date-too-old",
					"effectiveFrom", today.minusYears(MAX_YEARS_BACK)));
		}
		if (request.effectiveFrom().isAfter(today.plusYears(MAX_YEARS_AHEAD))) {
			return Mono.error(DomainProblem.onField(HttpStatus.UNPROCESSABLE_CONTENT, "effective-date-too-far",
					"effectiveFrom", today.plusYears(MAX_YEARS_AHEAD)));
		}
		return this.members.findById(memberId)
			.switchIfEmpty(Mono.error(() -> DomainProblem.notFound("member-not-found", memberId)))
			.flatMap((member) -> check(member, request))
			.flatMap((member) -> this.filing
				.file(member, request.category(), request.annualTonnes(), request.effectiveFrom(),
						CapacityReason.valueOf(request.reason()), null, caller.username())
				.flatMap((filed) -> this.store.update(member, filed.update(), List.of(filed.event()))
					.thenReturn(filed)));
	}

	private Mono<Member> check(Member member, CapacityReportRequest request) {
		if (member.status() != MemberStatus.ACTIVE) {
			return Mono.error(DomainProblem.conflict("member-not-active", member.status()));
		}
		if (!member.produces().contains(request.category())) {
			return Mono.error(DomainProblem.onField(HttpStatus.UNPROCESSABLE_CONTENT, "category-not-produced",
					"category", request.category(), String.join(", ", member.produces())));
		}
		long current = member.capacitiesByCategory().getOrDefault(request.category(), 0L);
		if (current == request.annualTonnes()) {
			return Mono.error(DomainProblem.onField(HttpStatus.UNPROCESSABLE_CONTENT, "capacity-unchanged",
					"annualTonnes", current));
		}
		return Mono.just(member);
	}

}
