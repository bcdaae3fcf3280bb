package org.paperlink.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Writes down every status a service answered during its integration tests, one
 * {@code METHOD path status} line each, to {@code target/observed-responses.tsv} of the
 * module; {@link DocumentedResponses} then checks that the committed OpenAPI document
 * lists each. It sits before every other filter, so a refusal by the security chain or
 * the rate limit is seen too; the status is read as the response is committed, after any
 * error handler has set it.
 */
public final class ObservedResponses implements WebFilter, Ordered {

	/** Where the observations of the module's test run are kept. */
	public static final Path FILE = Path.of("target", "observed-responses.tsv");

	static {
		// one JVM runs a module's tests: what an earlier run saw is not this run's
		try {
			Files.deleteIfExists(FILE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String method = exchange.getRequest().getMethod().name();
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		exchange.getResponse().beforeCommit(() -> {
			HttpStatusCode status = exchange.getResponse().getStatusCode();
			record(method + "\t" + path + "\t" + ((status != null) ? status.value() : 200));
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	private static synchronized void record(String line) {
		try {
			Files.createDirectories(FILE.getParent());
			Files.write(FILE, List.of(line), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
