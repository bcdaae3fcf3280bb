package org.paperlink.alliance.market;

/** A listing either offers supply (供应) or states a purchase need (求购). */
public enum Side {

	OFFER, NEED;

	Side other() {
		return (this == OFFER) ? NEED : OFFER;
	}

}
