package org.paperlink.platform;

import java.net.URI;

import reactor.core.publisher.Mono;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes a problem to a response outside the controllers: in security filters and for
 * errors raised before a handler was chosen. Uses the application's codecs, so the JSON
 * is the same as a controller's.
 */
public class ProblemResponseWriter {

	private final ServerCodecConfigurer codecs;

	private final MessageSource messageSource;

	ProblemResponseWriter(ServerCodecConfigurer codecs, MessageSource messageSource) {
		this.codecs = codecs;
		this.messageSource = messageSource;
	}

	/** Writes the problem of the given slug and status, in the request's language. */
	public Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String slug, Object... detailArguments) {
		ProblemDetail problem = new DomainProblem(status, slug, detailArguments).updateAndGetBody(this.messageSource,
				RequestLanguage.of(exchange));
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		return write(exchange, ResponseEntity.status(status).body(problem));
	}

	Mono<Void> write(ServerWebExchange exchange, ResponseEntity<Object> entity) {
		return ServerResponse.status(entity.getStatusCode())
			.headers((headers) -> headers.addAll(entity.getHeaders()))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(entity.getBody())
			.flatMap((response) -> response.writeTo(exchange, new ServerResponse.Context() {
				@Override
				public java.util.List<org.springframework.http.codec.HttpMessageWriter<?>> messageWriters() {
					return ProblemResponseWriter.this.codecs.getWriters();
				}

				@Override
				public java.util.List<ViewResolver> viewResolvers() {
					return java.util.List.of();
				}
			}));
	}

}
