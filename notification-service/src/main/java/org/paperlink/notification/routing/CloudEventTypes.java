package org.paperlink.notification.routing;

import org.paperlink.events.EventType;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Reads a routing rule's {@code event}, a CloudEvents type such as
 * {@code org.paperlink.capacity.reported.v1}, as the {@link EventType} it names: a rule
 * for a type the event contract does not know stops start-up.
 */
@Component
@ConfigurationPropertiesBinding
public class CloudEventTypes implements Converter<String, EventType> {

	@Override
	public EventType convert(String ceType) {
		return EventType.ofCeType(ceType.strip())
			.orElseThrow(() -> new IllegalArgumentException("Unknown event type in routing rules: " + ceType));
	}

}
