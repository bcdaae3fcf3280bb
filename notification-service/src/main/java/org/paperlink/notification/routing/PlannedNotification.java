package org.paperlink.notification.routing;

import java.util.List;
import java.util.Map;

import org.paperlink.notification.inbox.Recipient;

/**
 * What the rules decided for one recipient of one event, before preferences: the
 * channels, and the model its texts are rendered from.
 */
public record PlannedNotification(Recipient recipient, String category, String template, boolean urgent,
		boolean mandatory, List<String> channels, Map<String, Object> model) {

}
