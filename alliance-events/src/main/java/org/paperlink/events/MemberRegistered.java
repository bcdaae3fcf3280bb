package org.paperlink.events;

import java.time.Instant;
import java.util.List;

/**
 * An enterprise applied to join the alliance; the secretariat must decide.
 *
 * @param importedBy the staff member whose roster import made the application, or null
 * when the enterprise applied itself (added in this version; older events lack it)
 */
public record MemberRegistered(String memberId, String enterpriseName, String uscc, String pillar,
		List<String> produces, List<String> consumes, long annualCapacityTonnes, String village, String contactName,
		String contactEmail, Instant registeredAt, String importedBy) implements AllianceEvent {

	/** An enterprise's own application. */
	public MemberRegistered(String memberId, String enterpriseName, String uscc, String pillar, List<String> produces,
			List<String> consumes, long annualCapacityTonnes, String village, String contactName, String contactEmail,
			Instant registeredAt) {
		this(memberId, enterpriseName, uscc, pillar, produces, consumes, annualCapacityTonnes, village, contactName,
				contactEmail, registeredAt, null);
	}

	@Override
	public String key() {
		return this.memberId;
	}

	@Override
	public String subject() {
		return this.memberId;
	}

}
