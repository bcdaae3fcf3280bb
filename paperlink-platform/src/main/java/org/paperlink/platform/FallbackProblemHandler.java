package org.paperlink.platform;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Errors that never reach a controller (no route, a malformed URL) still answer with a
 * problem: the same advice renders them, and this handler writes the result.
 */
class FallbackProblemHandler implements WebExceptionHandler, Ordered {

	private final ProblemDetailsAdvice advice;

	private final ProblemResponseWriter writer;

	FallbackProblemHandler(ProblemDetailsAdvice advice, ProblemResponseWriter writer) {
		this.advice = advice;
		this.writer = writer;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		if (ex instanceof DataAccessResourceFailureException unavailable) {
			// the store failed under a filter (a token's revocation check): 503, as in a
			// handler
			return this.advice.handleStoreUnavailable(unavailable, exchange)
				.flatMap((entity) -> this.writer.write(exchange, entity));
		}
		Exception exception = (ex instanceof Refusal refusal) ? DomainProblem.of(refusal)
				: (ex instanceof Exception e) ? e : new IllegalStateException(ex);
		return this.advice.handleException(exception, exchange)
			.onErrorResume((unhandled) -> this.advice.handleUnexpected(exception, exchange))
			.flatMap((entity) -> this.writer.write(exchange, entity));
	}

	@Override
	public int getOrder() {
		// ahead of Spring Boot's ErrorWebExceptionHandler, which would answer in its own
		// format
		return -2;
	}

}
