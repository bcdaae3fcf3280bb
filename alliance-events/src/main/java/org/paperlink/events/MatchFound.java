package org.paperlink.events;

import java.time.Instant;

/**
 * An offer and a need were matched above the threshold. Keyed and addressed by the need,
 * and carrying both enterprises' names so that each can be told who the other is.
 *
 * @param triggeredBy the listing whose publication found the match
 */
public record MatchFound(String matchId, String needListingId, String offerListingId, String needMemberId,
		String needEnterpriseName, String offerMemberId, String offerEnterpriseName, String category, String spec,
		double score, String triggeredBy, Instant foundAt) implements AllianceEvent {

	@Override
	public String key() {
		return this.needListingId;
	}

	@Override
	public String subject() {
		return this.needListingId;
	}

}
