package org.paperlink.alliance.capacity;

/** Why a capacity changed. */
public enum CapacityReason {

	EXPANSION, RENOVATION, SHUTDOWN, RECTIFICATION, CORRECTION

}
