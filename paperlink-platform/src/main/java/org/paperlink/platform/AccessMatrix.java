package org.paperlink.platform;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may call each endpoint, as data ({@code access-matrix.yml} of each service). The
 * security filter chain is built from it, an endpoint without a row is refused to
 * everyone, and a test calls every row as every kind of caller.
 *
 * @param rules one row per endpoint
 */
@ConfigurationProperties("paperlink.access")
public record AccessMatrix(@DefaultValue List<Rule> rules) {

	/** Who can always call: anyone, or anyone signed in; otherwise role names. */
	public static final String PUBLIC = "PUBLIC";

	public static final String SIGNED_IN = "SIGNED_IN";

	private static final String RULE = AccessMatrix.class.getName() + ".rule";

	private static final Map<String, PathPattern> PATTERNS = new ConcurrentHashMap<>();

	public AccessMatrix {
		rules = rules.stream()
			.sorted(Comparator.comparingInt((Rule rule) -> rule.path().split("\\{", -1).length)
				.thenComparing(Comparator.comparingInt((Rule rule) -> rule.path().length()).reversed()))
			.toList();
	}

	/**
	 * @param endpoint method and path as in the OpenAPI description: {@code POST
	 * /api/v1/listings/{id}/close}
	 * @param allow {@code PUBLIC}, {@code SIGNED_IN} or role names
	 * @param ownerOnly a MEMBER may call it only on its own enterprise or resource
	 * @param otherMember what a MEMBER of another enterprise gets: 403, or 404 where even
	 * the existence of the resource is private
	 * @param beforePasswordChange callable with a token of an account that must still
	 * change its initial password (every other non-public endpoint refuses that token)
	 */
	public record Rule(String endpoint, List<String> allow, @DefaultValue("false") boolean ownerOnly,
			@DefaultValue("403") int otherMember, @DefaultValue("false") boolean beforePasswordChange) {

		public HttpMethod method() {
			return HttpMethod.valueOf(this.endpoint.substring(0, this.endpoint.indexOf(' ')).toUpperCase(Locale.ROOT));
		}

		public String path() {
			return this.endpoint.substring(this.endpoint.indexOf(' ') + 1).strip();
		}

		public boolean isPublic() {
			return this.allow.contains(PUBLIC);
		}

		public boolean allows(Role role) {
			return isPublic() || this.allow.contains(SIGNED_IN) || this.allow.contains(role.name());
		}

		/** Parsed once per endpoint, not on every request. */
		PathPattern pattern() {
			return PATTERNS.computeIfAbsent(path(), PathPatternParser.defaultInstance::parse);
		}

		boolean matches(HttpMethod method, PathContainer path) {
			return method().equals(method) && pattern().matches(path);
		}

	}

	/** The rule a request falls under, the most specific first. */
	public Optional<Rule> ruleFor(HttpMethod method, String path) {
		return ruleFor(method, PathContainer.parsePath(path));
	}

	private Optional<Rule> ruleFor(HttpMethod method, PathContainer path) {
		for (Rule rule : this.rules) {
			if (rule.matches(method, path)) {
				return Optional.of(rule);
			}
		}
		return Optional.empty();
	}

	/**
	 * The rule of a request, found once and kept on the exchange for the filters after
	 * (authorization, then the rate limit).
	 */
	public Optional<Rule> ruleFor(ServerWebExchange exchange) {
		Optional<Rule> found = exchange.getAttribute(RULE);
		if (found == null) {
			found = ruleFor(exchange.getRequest().getMethod(), exchange.getRequest().getPath().pathWithinApplication());
			exchange.getAttributes().put(RULE, found);
		}
		return found;
	}

}
