package org.paperlink.alliance.structure;

import org.paperlink.events.CodeNames;

/** The four pillar groups ("4" of "1+4+X"); every member belongs to one. */
public enum Pillar {

	PAPERMAKING,

	EQUIPMENT,

	PACKAGING_PRINTING,

	SUPPORTING;

	public String nameZh() {
		return CodeNames.zh(this);
	}

	public String nameEn() {
		return CodeNames.en(this);
	}

}
