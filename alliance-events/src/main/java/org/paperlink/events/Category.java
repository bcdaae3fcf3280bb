package org.paperlink.events;

/**
 * Product and service categories of the papermaking chain, from raw materials to
 * services.
 */
public enum Category {

	WASTE_PAPER, PULP, CHEMICALS, ENERGY,

	CORRUGATING_MEDIUM, HIGH_STRENGTH_CORRUGATING, LINERBOARD, KRAFT, COATED_DUPLEX, TISSUE_PARENT_ROLL,

	CORRUGATED_BOARD, CORRUGATED_BOX, PACKAGING_PRINTING,

	PAPER_MACHINERY, MAINTENANCE, LOGISTICS;

	/** Its Chinese name, from {@link CodeNames}. */
	public String nameZh() {
		return CodeNames.zh(this);
	}

}
