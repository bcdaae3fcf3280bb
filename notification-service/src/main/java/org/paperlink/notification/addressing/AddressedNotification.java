package org.paperlink.notification.addressing;

import java.util.List;

import org.paperlink.notification.delivery.Address;
import org.paperlink.notification.routing.PlannedNotification;

/**
 * One recipient's notification after its preferences and contacts: whether it goes to the
 * inbox, where else it goes, and the language it is written in.
 */
public record AddressedNotification(PlannedNotification planned, String language, boolean inApp,
		List<Address> outside) {

}
