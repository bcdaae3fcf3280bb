package org.paperlink.alliance.member;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.paperlink.alliance.outbox.Aggregate;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An enterprise of the alliance, from its application onwards: the registration id
 * becomes the member id. It changes only through the
 * {@link org.paperlink.alliance.outbox.AggregateStore}. Its capacity history is kept
 * apart, one record per report ({@link CapacityEntry}), so that the document does not
 * grow with the reports.
 *
 * @param usccKey the USCC while the enterprise holds it (PENDING, ACTIVE, SUSPENDED); a
 * rejected application releases it, so the enterprise may apply again
 * @param sample true for the fictional members of the demo alliance
 */
@Document(Member.COLLECTION)
@CompoundIndex(name = "directory", def = "{'status': 1, 'pillar': 1, 'enterpriseName': 1}")
@CompoundIndex(name = "renovation_project", def = "{'renovations.projectId': 1}")
public record Member(@Id String id, String enterpriseName, String uscc, @Indexed(unique = true) String usccKey,
		String pillar, Tier tier, MemberStatus status, List<String> produces, List<String> consumes,
		long annualCapacityTonnes, Contact contact, String village, String address, String username, boolean sample,
		String note, Instant registeredAt, Instant decidedAt, String decidedBy, String rejectionReason,
		Map<String, Long> capacities, List<RenovationProject> renovations, long version) implements Aggregate {

	public static final String COLLECTION = "members";

	/**
	 * Annual capacity by category. A member written before capacities were kept per
	 * category has its whole declared capacity in its first product.
	 */
	/** Today's annual capacity over all its products. */
	public long totalCapacityTonnes() {
		return capacitiesByCategory().values().stream().mapToLong(Long::longValue).sum();
	}

	public Map<String, Long> capacitiesByCategory() {
		if (this.capacities != null) {
			return this.capacities;
		}
		if (this.produces == null || this.produces.isEmpty()) {
			return Map.of();
		}
		return Map.of(this.produces.get(0), this.annualCapacityTonnes);
	}

	public List<RenovationProject> renovationsOrEmpty() {
		return (this.renovations != null) ? this.renovations : List.of();
	}

	public static String rejectedUsccKey(String id) {
		return "REJECTED:" + id;
	}

}
