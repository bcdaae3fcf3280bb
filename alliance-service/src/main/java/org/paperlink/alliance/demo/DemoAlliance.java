package org.paperlink.alliance.demo;

import java.util.List;
import java.util.Map;

import org.paperlink.alliance.member.CapacityEntry;
import org.paperlink.alliance.member.Contact;
import org.paperlink.alliance.member.RenovationProject;
import org.paperlink.alliance.member.Tier;
import org.paperlink.alliance.structure.AllianceStructure;

/** The demo alliance as stored in {@code demo/demo-alliance.json}. */
record DemoAlliance(String comment, Structure structure, List<Staff> staff, String password, List<DemoMember> members) {

	record Structure(String name, String model, AllianceStructure.PartyCommittee partyCommittee) {

	}

	record Staff(String username, List<String> roles) {

	}

	record DemoMember(String enterpriseName, String uscc, String pillar, Tier tier, List<String> produces,
			List<String> consumes, long annualCapacityTonnes, String village, String address, boolean sample,
			String username, String note, Contact contact, Map<String, Long> capacities,
			List<CapacityEntry> capacityHistory, List<RenovationProject> renovations) {

		List<CapacityEntry> capacityHistoryOrEmpty() {
			return (this.capacityHistory != null) ? this.capacityHistory : List.of();
		}

	}

}
