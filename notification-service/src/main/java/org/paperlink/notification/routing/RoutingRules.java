package org.paperlink.notification.routing;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.paperlink.events.EventType;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.CompoundExpression;
import org.springframework.expression.spel.ast.PropertyOrFieldReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * Who is told of which event, on which channels, and when it is urgent: data, in
 * {@code routing-rules.yml}, not code. Conditions are SpEL expressions over the typed
 * event (its record components by name), evaluated read-only.
 *
 * @param rules one or more rules per event type
 */
@ConfigurationProperties("paperlink.routing")
public record RoutingRules(List<Rule> rules) {

	private static final SpelExpressionParser CONDITIONS = new SpelExpressionParser();

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

		/**
		 * A condition or a recipient naming a field its event does not have would never
		 * hold or never be told: such a rule stops start-up instead.
		 */
		public Rule {
			Set<String> fields = Arrays.stream(event.payloadType().getRecordComponents())
				.map(RecordComponent::getName)
				.collect(Collectors.toSet());
			List<String> named = new ArrayList<>();
			for (String condition : Arrays.asList(when, urgentWhen, mandatoryWhen)) {
				if (condition != null && !condition.isBlank()) {
					fieldsOf(((SpelExpression) CONDITIONS.parseExpression(condition)).getAST(), named);
				}
			}
			recipients.stream().map((each) -> each.to().field()).filter(Objects::nonNull).forEach(named::add);
			for (String field : named) {
				if (!fields.contains(field)) {
					throw new IllegalArgumentException("Routing rule for " + event.ceType() + " names " + field
							+ ", which " + event.payloadType().getSimpleName() + " does not have");
				}
			}
		}

		/** The event's fields a condition reads: the first name of each path. */
		private static void fieldsOf(SpelNode node, List<String> names) {
			if (node instanceof PropertyOrFieldReference reference) {
				names.add(reference.getName());
				return;
			}
			int children = (node instanceof CompoundExpression) ? Math.min(1, node.getChildCount())
					: node.getChildCount();
			for (int i = 0; i < children; i++) {
				fieldsOf(node.getChild(i), names);
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
