package org.paperlink.notification.routing;

/** What a notification is about: the unit a recipient turns channels on or off for. */
public enum NotificationCategory {

	MEMBERSHIP, CAPACITY, RENOVATION, NOTICE, MARKET, DIGEST

}
