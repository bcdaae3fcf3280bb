package org.paperlink.alliance.member;

import org.paperlink.events.CodeNames;

/** A member's place in its pillar: an ordinary member or the pillar's lead enterprise. */
public enum Tier {

	MEMBER, PILLAR_LEAD;

	public String nameZh() {
		return CodeNames.zh(this);
	}

}
