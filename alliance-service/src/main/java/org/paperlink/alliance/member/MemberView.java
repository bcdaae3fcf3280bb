package org.paperlink.alliance.member;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A member as the API shows it; {@code capacities} is its current annual capacity by
 * product category (the declared one until it reports). {@code contact} is null unless
 * the caller may see it: the secretariat, the Party committee and the member itself.
 */
public record MemberView(String id, String enterpriseName, String uscc, String pillar, Tier tier, MemberStatus status,
		List<String> produces, List<String> consumes, long annualCapacityTonnes, Map<String, Long> capacities,
		Contact contact, String village, String address, String username, boolean sample, String note,
		Instant registeredAt, Instant decidedAt, String rejectionReason) {

}
