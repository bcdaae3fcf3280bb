package org.paperlink.notification.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.paperlink.events.AllianceEvent;
import org.paperlink.events.EventType;

import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.stereotype.Component;

/**
 * The audience stage: applies the routing rules to a typed event, telling who hears of
 * it, how urgently, and on which channels.
 */
@Component
public class Router {

	private final RoutingRules rules;

	private final ExpressionParser parser = new SpelExpressionParser();

	private final Map<String, Expression> expressions = new ConcurrentHashMap<>();

	public Router(RoutingRules rules) {
		this.rules = rules;
	}

	public List<PlannedNotification> route(AllianceEvent event) {
		EventType type = event.type();
		EvaluationContext fields = SimpleEvaluationContext.forReadOnlyDataBinding().withRootObject(event).build();
		List<PlannedNotification> planned = new ArrayList<>();
		for (RoutingRules.Rule rule : this.rules.rules()) {
			if (rule.event() != type || (isSet(rule.when()) && !holds(rule.when(), fields))) {
				continue;
			}
			boolean urgent = isSet(rule.urgentWhen()) && holds(rule.urgentWhen(), fields);
			boolean mandatory = isSet(rule.mandatoryWhen()) && holds(rule.mandatoryWhen(), fields);
			for (RoutingRules.Recipients recipients : rule.recipients()) {
				for (Recipient recipient : recipients.to().resolve((name) -> value(name, fields))) {
					planned.add(new PlannedNotification(recipient, rule.category(), rule.template(), urgent, mandatory,
							recipients.channels(urgent), event));
				}
			}
		}
		return planned;
	}

	private static boolean isSet(String condition) {
		return condition != null && !condition.isBlank();
	}

	private boolean holds(String condition, EvaluationContext fields) {
		return Boolean.TRUE.equals(expression(condition).getValue(fields, Boolean.class));
	}

	private Object value(String field, EvaluationContext fields) {
		return expression(field).getValue(fields);
	}

	private Expression expression(String text) {
		return this.expressions.computeIfAbsent(text, this.parser::parseExpression);
	}

}
