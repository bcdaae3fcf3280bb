package org.paperlink.alliance.member;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A technical-renovation project of a member. It lives in the member's document, so that
 * reaching IN_PRODUCTION and the capacity report it promised are one atomic write.
 *
 * @param resumeTo the status a SUSPENDED project returns to when resumed
 */
public record RenovationProject(String projectId, String title, String category, long addedCapacityTonnes,
		long investmentYuan, String keyProjectLevel, LocalDate plannedStart, LocalDate plannedCompletion, String status,
		String resumeTo, List<StatusChange> history, Instant registeredAt, boolean sample) {

	public record StatusChange(String from, String to, String note, String changedBy, Instant changedAt) {

	}

}
