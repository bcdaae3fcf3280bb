package org.paperlink.platform;

import java.util.UUID;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Every request has an id: the caller's {@code X-Request-Id} when it is a sane one,
 * otherwise a new one. It is echoed on the response and available to the code handling
 * the request (the audit trail records it).
 */
public class RequestIds implements WebFilter, Ordered {

	public static final String HEADER = "X-Request-Id";

	private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private static final String CONTEXT_KEY = RequestIds.class.getName();

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String given = exchange.getRequest().getHeaders().getFirst(HEADER);
		String id = (given != null && SANE.matcher(given).matches()) ? given : UUID.randomUUID().toString();
		exchange.getResponse().getHeaders().set(HEADER, id);
		return chain.filter(exchange).contextWrite((context) -> context.put(CONTEXT_KEY, id));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/** The id of the request being handled, or empty outside one. */
	public static Mono<String> current() {
		return Mono.deferContextual((context) -> Mono.justOrEmpty(context.<String>getOrEmpty(CONTEXT_KEY)));
	}

}
