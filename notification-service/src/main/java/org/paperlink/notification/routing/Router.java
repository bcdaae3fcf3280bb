package org.paperlink.notification.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.paperlink.events.AllianceEvent;
import org.paperlink.notification.inbox.Recipient;
import org.paperlink.platform.Role;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
import org.springframework.context.expression.MapAccessor;
import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.stereotype.Component;

/**
 * Applies the routing rules to an event: who is told, how urgently, on which channels.
 */
@Component
public class Router {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final RoutingRules rules;

	private final JsonMapper json;

	private final MessageSource names;

	private final ExpressionParser parser = new SpelExpressionParser();

	private final Map<String, Expression> expressions = new java.util.concurrent.ConcurrentHashMap<>();

	Router(RoutingRules rules, JsonMapper json, MessageSource names) {
		this.rules = rules;
		this.json = json;
		this.names = names;
	}

	public List<PlannedNotification> route(String ceType, AllianceEvent payload) {
		Map<String, Object> fields = fields(payload);
		List<PlannedNotification> planned = new ArrayList<>();
		for (RoutingRules.Rule rule : this.rules.rules()) {
			if (!rule.event().equals(ceType) || !applies(rule, fields)) {
				continue;
			}
			boolean urgent = holds(rule.urgentWhen(), fields);
			boolean mandatory = holds(rule.mandatoryWhen(), fields);
			Map<String, Object> model = model(fields, urgent);
			for (RoutingRules.Recipients recipients : rule.recipients()) {
				for (Recipient recipient : resolve(recipients.to(), fields)) {
					planned.add(new PlannedNotification(recipient, rule.category(), rule.template(), urgent, mandatory,
							recipients.channels(urgent), model));
				}
			}
		}
		return planned;
	}

	/** The payload's fields by name, as the rules and templates see them. */
	public Map<String, Object> fields(Object payload) {
		return this.json.convertValue(payload, MAP);
	}

	private boolean applies(RoutingRules.Rule rule, Map<String, Object> fields) {
		return rule.when() == null || rule.when().isBlank() || holds(rule.when(), fields);
	}

	private boolean holds(String condition, Map<String, Object> fields) {
		if (condition == null || condition.isBlank()) {
			return false;
		}
		Expression expression = this.expressions.computeIfAbsent(condition, this.parser::parseExpression);
		SimpleEvaluationContext context = SimpleEvaluationContext.forPropertyAccessors(new MapAccessor(false))
			.withRootObject(fields)
			.build();
		return Boolean.TRUE.equals(expression.getValue(context, Boolean.class));
	}

	private static List<Recipient> resolve(String to, Map<String, Object> fields) {
		if (to.startsWith("role:")) {
			return List.of(Recipient.role(Role.valueOf(to.substring("role:".length()))));
		}
		if (to.startsWith("member:")) {
			Object memberId = fields.get(to.substring("member:".length()));
			return (memberId != null) ? List.of(Recipient.member(memberId.toString())) : List.of();
		}
		if (to.startsWith("members:") && fields.get(to.substring("members:".length())) instanceof List<?> ids) {
			return ids.stream().distinct().map((id) -> Recipient.member(id.toString())).toList();
		}
		if (to.startsWith("members:")) {
			return List.of();
		}
		throw new IllegalStateException("Unknown recipient in routing rules: " + to);
	}

	/**
	 * The payload, plus figures in 万吨/亿元 and Chinese names of codes, for the templates.
	 */
	public Map<String, Object> model(Map<String, Object> fields, boolean urgent) {
		Map<String, Object> model = new LinkedHashMap<>(fields);
		model.put("urgent", urgent);
		fields.forEach((name, value) -> {
			if (value instanceof Number number && name.endsWith("Tonnes")) {
				model.put(name + "Text",
						name.startsWith("change") ? ChineseUnits.tonnesPerYearChange(number.longValue())
								: ChineseUnits.tonnesPerYear(number.longValue()));
			}
			else if (value instanceof Number number && name.endsWith("Yuan")) {
				model.put(name + "Text", ChineseUnits.yuan(number.longValue()));
			}
			else if (value instanceof Double fraction && name.equals("score")) {
				model.put("scoreText", Math.round(fraction * 100) + "%");
			}
			else if (value instanceof String code && code.matches("[A-Z_]+")) {
				model.put(name + "Name", this.names.getMessage("code." + code, null, code, Locale.SIMPLIFIED_CHINESE));
			}
		});
		return model;
	}

}
