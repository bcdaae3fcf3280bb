package org.paperlink.alliance.member;

/** A member's place in its pillar: an ordinary member or the pillar's lead enterprise. */
public enum Tier {

	MEMBER("成员"), PILLAR_LEAD("板块牵头企业");

	private final String nameZh;

	Tier(String nameZh) {
		this.nameZh = nameZh;
	}

	public String nameZh() {
		return this.nameZh;
	}

}
