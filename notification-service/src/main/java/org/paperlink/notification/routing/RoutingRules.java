package org.paperlink.notification.routing;

import java.util.ArrayList;
import java.util.List;

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
	 * @param event the CloudEvents type
	 * @param when when the rule applies at all, or blank for always
	 * @param category the category a recipient can turn channels off for
	 * @param template the template name under {@code templates/notifications/<language>/}
	 * @param urgentWhen when the notification is urgent, or blank for never
	 * @param mandatoryWhen when it cannot be muted, or blank for never
	 * @param recipients who is told, and on which channels
	 */
	public record Rule(String event, String when, NotificationCategory category, String template, String urgentWhen,
			String mandatoryWhen, List<Recipients> recipients) {

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
