package org.paperlink.notification.routing;

import java.util.List;

/**
 * What the rules decided for one recipient of one event, before preferences: how urgent,
 * on which channels, and the template and object its texts are rendered from (the event
 * itself, or a digest's figures).
 *
 * @param subject the event's payload, or the model a digest or reminder made
 */
public record PlannedNotification(Recipient recipient, NotificationCategory category, String template, boolean urgent,
		boolean mandatory, List<Channel> channels, Object subject) {

}
