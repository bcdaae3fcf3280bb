package org.paperlink.events;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A member registered a technical-renovation project. Keyed by member, about the project.
 */
public record RenovationRegistered(String projectId, String memberId, String enterpriseName, String title,
		String category, long addedCapacityTonnes, long investmentYuan, String keyProjectLevel, LocalDate plannedStart,
		LocalDate plannedCompletion, Instant registeredAt) implements AllianceEvent {

	@Override
	public String key() {
		return this.memberId;
	}

	@Override
	public String subject() {
		return this.projectId;
	}

}
