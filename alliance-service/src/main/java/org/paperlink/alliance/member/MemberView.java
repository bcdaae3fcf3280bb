package org.paperlink.alliance.member;

import java.time.Instant;
import java.util.List;

/**
 * A member as the API shows it. {@code contact} is null unless the caller may see it: the
 * secretariat, the Party committee and the member itself.
 */
public record MemberView(String id, String enterpriseName, String uscc, String pillar, Tier tier, MemberStatus status,
		List<String> produces, List<String> consumes, long annualCapacityTonnes, Contact contact, String village,
		String address, String username, boolean sample, String note, Instant registeredAt, Instant decidedAt,
		String rejectionReason) {

}
