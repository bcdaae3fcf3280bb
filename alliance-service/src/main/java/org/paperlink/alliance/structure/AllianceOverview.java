package org.paperlink.alliance.structure;

import java.util.List;

/**
 * The public picture of the alliance: its structure, its pillars and what they add up to.
 */
public record AllianceOverview(String name, String model, AllianceStructure.PartyCommittee partyCommittee,
		List<PillarSummary> pillars, long memberTotal, long capacityTotalTonnes) {

	public record PillarSummary(String code, String name, String nameEn, Lead lead, long memberCount,
			long capacityTonnes) {

	}

	public record Lead(String memberId, String enterpriseName) {

	}

}
