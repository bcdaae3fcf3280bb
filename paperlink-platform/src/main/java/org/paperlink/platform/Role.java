package org.paperlink.platform;

/** The roles a PaperLink token can carry, in its {@code roles} claim. */
public enum Role {

	/** Bound to one enterprise, named by the token's {@code member_id} claim. */
	MEMBER,

	/** The alliance secretariat: approves applications and broadcasts notices. */
	SECRETARIAT,

	/** The alliance Party committee: reads dashboards and is notified of every change. */
	PARTY_COMMITTEE,

	ADMIN;

	public String authority() {
		return "ROLE_" + name();
	}

}
