package org.paperlink.notification.routing;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who is told of which event, on which channels, and when it is urgent: data, in
 * {@code routing-rules.yml}, not code. Conditions are SpEL expressions over the event's
 * payload fields, evaluated read-only.
 *
 * @param rules one or more rules per event type
 */
@ConfigurationProperties("paperlink.routing")
public record RoutingRules(List<Rule> rules) {

	/**
	 * @param event the CloudEvents type
	 * @param when when the rule applies at all, or blank for always
	 * @param category the preference category a recipient can mute (MEMBERSHIP, CAPACITY,
	 * ...)
	 * @param template the template name under {@code templates/notifications/<language>/}
	 * @param urgentWhen when the notification is urgent, or blank for never
	 * @param mandatoryWhen when it cannot be muted, or blank for never
	 * @param recipients who is told, and on which channels
	 */
	public record Rule(String event, String when, String category, String template, String urgentWhen,
			String mandatoryWhen, List<Recipients> recipients) {

	}

	/**
	 * @param to {@code role:<ROLE>}, {@code member:<payload field holding a member id>},
	 * or {@code members:<payload field holding a list of member ids>}
	 * @param channels INBOX, EMAIL, ROBOT (the recipient's group robots)
	 * @param urgentChannels further channels when the notification is urgent
	 */
	public record Recipients(String to, List<String> channels, List<String> urgentChannels) {

		public Recipients {
			urgentChannels = (urgentChannels != null) ? urgentChannels : List.of();
		}

		List<String> channels(boolean urgent) {
			if (!urgent || this.urgentChannels.isEmpty()) {
				return this.channels;
			}
			List<String> all = new java.util.ArrayList<>(this.channels);
			this.urgentChannels.stream().filter((channel) -> !all.contains(channel)).forEach(all::add);
			return all;
		}

	}

}
