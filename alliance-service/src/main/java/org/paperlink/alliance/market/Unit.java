package org.paperlink.alliance.market;

/** Units a quantity is listed in: 吨, 万只, 台, 次. */
public enum Unit {

	TONNE("吨"), TEN_THOUSAND_PIECES("万只"), SET("台"), SERVICE("次");

	private final String nameZh;

	Unit(String nameZh) {
		this.nameZh = nameZh;
	}

	public String nameZh() {
		return this.nameZh;
	}

	/** {@code 吨 TONNE}: readable in either language. */
	String label() {
		return this.nameZh + " " + name();
	}

}
