package org.paperlink.alliance.structure;

import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The "1+4" of "1+4+X", kept as data: the alliance, its Party committee and its pillar
 * groups. Members ("X") are counted from the member documents.
 */
@Document("alliance")
public record AllianceStructure(@Id String id, String name, String model, PartyCommittee partyCommittee,
		List<PillarGroup> pillars) {

	public static final String ID = "alliance";

	public record PartyCommittee(String name, String secretary, List<String> members, String description) {

	}

	public record PillarGroup(String code, String name, String nameEn) {

	}

	/**
	 * The structure of a new installation: the four pillar groups and an empty committee.
	 */
	public static AllianceStructure defaults(String name) {
		return new AllianceStructure(ID, name, "1+4+X",
				new PartyCommittee("联盟党委", null, List.of(), "联盟的领导核心，提供“五共五新”服务"),
				java.util.Arrays.stream(Pillar.values())
					.map((pillar) -> new PillarGroup(pillar.name(), pillar.nameZh(), pillar.nameEn()))
					.toList());
	}

}
