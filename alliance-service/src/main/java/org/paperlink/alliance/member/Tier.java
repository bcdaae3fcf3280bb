package org.paperlink.alliance.member;

/** A member's place in its pillar: an ordinary member or the pillar's lead enterprise. */
public enum Tier {

	MEMBER, PILLAR_LEAD

}
