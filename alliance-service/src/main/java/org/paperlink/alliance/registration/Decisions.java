package org.paperlink.alliance.registration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.paperlink.alliance.member.Tier;
import org.paperlink.alliance.structure.Pillar;
import org.paperlink.platform.KnownCode;

/** The secretariat's decisions on an application. */
final class Decisions {

	private Decisions() {
	}

	/**
	 * Approval may move the enterprise to another pillar and make it the pillar's lead.
	 */
	record Approval(@KnownCode(Pillar.class) String pillar, @KnownCode(Tier.class) String tier) {

	}

	/** A rejection always says why. */
	record Rejection(@NotBlank @Size(max = 500) String reason) {

	}

	/** A registration as it was recorded: its member id and status. */
	record Registered(String id, String status) {

	}

}
