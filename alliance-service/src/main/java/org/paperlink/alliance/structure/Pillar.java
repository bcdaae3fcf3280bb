package org.paperlink.alliance.structure;

/** The four pillar groups ("4" of "1+4+X"); every member belongs to one. */
public enum Pillar {

	PAPERMAKING("造纸", "Papermaking"),

	EQUIPMENT("造纸装备", "Papermaking equipment"),

	PACKAGING_PRINTING("包装印刷", "Packaging and printing"),

	SUPPORTING("上下游配套", "Supporting chain");

	private final String nameZh;

	private final String nameEn;

	Pillar(String nameZh, String nameEn) {
		this.nameZh = nameZh;
		this.nameEn = nameEn;
	}

	public String nameZh() {
		return this.nameZh;
	}

	public String nameEn() {
		return this.nameEn;
	}

}
