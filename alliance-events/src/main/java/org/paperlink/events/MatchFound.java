package org.paperlink.events;

import java.time.Instant;

/**
 * An offer and a need were matched above the threshold. Keyed and addressed by the need.
 */
public record MatchFound(String matchId, String needListingId, String offerListingId, String needMemberId,
		String offerMemberId, String category, double score, Instant foundAt) implements AllianceEvent {

	@Override
	public String key() {
		return this.needListingId;
	}

	@Override
	public String subject() {
		return this.needListingId;
	}

}
