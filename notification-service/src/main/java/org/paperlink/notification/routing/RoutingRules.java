package org.paperlink.notification.routing;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.paperlink.events.EventType;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who is told of which event, on which channels, and when it is urgent: data, in
 * {@code routing-rules.yml}, not code. Conditions are SpEL expressions over the typed
 * event (its record components by name), evaluated read-only.
 *
 * @param rules one or more rules per event type
 */
@ConfigurationProperties("paperlink.routing")
public record RoutingRules(List<Rule> rules) {

	/**
	 * @param event the event type, written as its CloudEvents type
	 * ({@link CloudEventTypes})
	 * @param when when the rule applies at all, or blank for always
	 * @param category the category a recipient can turn channels off for
	 * @param template the template name under {@code templates/notifications/<language>/}
	 * @param urgentWhen when the notification is urgent, or blank for never
	 * @param mandatoryWhen when it cannot be muted, or blank for never
	 * @param recipients who is told, and on which channels
	 */
	public record Rule(EventType event, String when, NotificationCategory category, String template, String urgentWhen,
			String mandatoryWhen, List<Recipients> recipients) {

		/** A recipient named by a field its event does not have would never be told. */
		public Rule {
			Set<String> fields = Arrays.stream(event.payloadType().getRecordComponents())
				.map(RecordComponent::getName)
				.collect(Collectors.toSet());
			for (Recipients each : recipients) {
				if (each.to().field() != null && !fields.contains(each.to().field())) {
					throw new IllegalArgumentException(
							"Routing rule for " + event.ceType() + " names a recipient field " + each.to().field()
									+ " that " + event.payloadType().getSimpleName() + " does not have");
				}
			}
		}

	}

	/**
	 * @param to whom, see {@link Addressee}
	 * @param channels the channels it is told on
	 * @param urgentChannels further channels when the notification is urgent
	 */
	public record Recipients(Addressee to, List<Channel> channels, List<Channel> urgentChannels) {

		public Recipients {
			urgentChannels = (urgentChannels != null) ? urgentChannels : List.of();
		}

		List<Channel> channels(boolean urgent) {
			List<Channel> all = new ArrayList<>(this.channels);
			if (urgent) {
				this.urgentChannels.stream().filter((channel) -> !all.contains(channel)).forEach(all::add);
			}
			return List.copyOf(all);
		}

	}

}
