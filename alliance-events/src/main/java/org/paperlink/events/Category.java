package org.paperlink.events;

/**
 * Product and service categories of the papermaking chain, from raw materials to
 * services.
 */
public enum Category {

	WASTE_PAPER("废纸"), PULP("木浆"), CHEMICALS("造纸化学品"), ENERGY("能源"),

	CORRUGATING_MEDIUM("瓦楞原纸"), HIGH_STRENGTH_CORRUGATING("高强瓦楞纸"), LINERBOARD("箱板纸"), KRAFT("牛皮纸"),
	COATED_DUPLEX("白板纸"), TISSUE_PARENT_ROLL("生活用纸原纸"),

	CORRUGATED_BOARD("瓦楞纸板"), CORRUGATED_BOX("纸箱"), PACKAGING_PRINTING("包装印刷"),

	PAPER_MACHINERY("造纸设备"), MAINTENANCE("设备维修"), LOGISTICS("物流");

	private final String nameZh;

	Category(String nameZh) {
		this.nameZh = nameZh;
	}

	public String nameZh() {
		return this.nameZh;
	}

}
