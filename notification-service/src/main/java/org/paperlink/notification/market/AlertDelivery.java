package org.paperlink.notification.market;

/** When a saved search's alerts come: at once, or in the next morning's digest. */
public enum AlertDelivery {

	INSTANT, DAILY

}
