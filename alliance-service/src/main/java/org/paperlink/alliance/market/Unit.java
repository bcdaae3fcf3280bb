package org.paperlink.alliance.market;

import org.paperlink.events.CodeNames;

/** Units a quantity is listed in: 吨, 万只, 台, 次. */
public enum Unit {

	TONNE, TEN_THOUSAND_PIECES, SET, SERVICE;

	public String nameZh() {
		return CodeNames.zh(this);
	}

	/** {@code 吨 TONNE}: readable in either language. */
	String label() {
		return nameZh() + " " + name();
	}

}
