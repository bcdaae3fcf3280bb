package org.paperlink.alliance.capacity;

import java.time.Clock;
import java.time.LocalDate;

import org.paperlink.alliance.member.MemberRepository;
import org.paperlink.alliance.outbox.AggregateStore;
import org.paperlink.events.CapacityReported;
import org.paperlink.platform.Refusal;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * A member reports its capacity: the member's rules decide, and the new figure and the
 * event are one write.
 */
@Service
class CapacityService {

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

	Mono<CapacityReported> report(String memberId, CapacityReportRequest request, SignedInUser caller) {
		if (!caller.isMember(memberId)) {
			return Mono.error(Refusal.forbidden("not-your-enterprise"));
		}
		return this.members.findById(memberId)
			.switchIfEmpty(Mono.error(() -> Refusal.notFound("member-not-found", memberId)))
			.flatMap((member) -> this.filing
				.report(member, request.category(), request.annualTonnes(), request.effectiveFrom(),
						CapacityReason.valueOf(request.reason()), null, caller.username())
				.map((report) -> member.reportCapacity(report, LocalDate.now(this.clock)))
				.flatMap((change) -> this.store.update(member, change)
					.thenReturn((CapacityReported) change.events().get(0))));
	}

}
