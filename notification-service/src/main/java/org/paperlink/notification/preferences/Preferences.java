package org.paperlink.notification.preferences;

import java.util.List;
import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A recipient's choice of channels per category. A category not mentioned keeps every
 * channel the rules give it.
 */
@Document("preferences")
record Preferences(@Id String recipient, Map<String, List<String>> channels, String language) {

}
