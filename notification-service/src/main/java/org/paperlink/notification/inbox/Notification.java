package org.paperlink.notification.inbox;

import org.paperlink.notification.routing.Recipient;

/** What one recipient is told about one event. */
public record Notification(Recipient recipient, String title, String body, boolean urgent) {

}
