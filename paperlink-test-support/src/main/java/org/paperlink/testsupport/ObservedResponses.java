package org.paperlink.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Writes down every status a service answered during its integration tests, one
 * {@code METHOD path status} line each, to {@code target/observed-responses.tsv} of the
 * module, and a sample of the JSON bodies (a few per method, path and status) to
 * {@code target/observed-bodies.jsonl}; {@link DocumentedResponses} then checks that the
 * committed OpenAPI document lists each status and describes each body. It sits before
 * every other filter, so a refusal by the security chain or the rate limit is seen too;
 * the status is read as the response is committed, after any error handler has set it.
 */
public final class ObservedResponses implements WebFilter, Ordered {

	/** Where the observations of the module's test run are kept. */
	public static final Path FILE = Path.of("target", "observed-responses.tsv");

	/** Where the sampled bodies are kept, one JSON object a line. */
	public static final Path BODIES = Path.of("target", "observed-bodies.jsonl");

	/** Bodies kept per method, path and status, and in all. */
	private static final int PER_KEY = 3;

	private static final int IN_ALL = 5_000;

	/** A larger body is not kept (an export, a long page). */
	private static final int LARGEST = 256 * 1024;

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Map<String, AtomicInteger> sampled = new ConcurrentHashMap<>();

	private static final AtomicInteger kept = new AtomicInteger();

	static {
		// one JVM runs a module's tests: what an earlier run saw is not this run's
		try {
			Files.deleteIfExists(FILE);
			Files.deleteIfExists(BODIES);
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
			record(FILE, method + "\t" + path + "\t" + ((status != null) ? status.value() : 200));
			return Mono.empty();
		});
		return chain.filter(exchange.mutate().response(new Sampling(exchange.getResponse(), method, path)).build());
	}

	/** Copies a JSON body as it is written, when it is one of the few kept. */
	private static final class Sampling extends ServerHttpResponseDecorator {

		private final String method;

		private final String path;

		Sampling(ServerHttpResponse response, String method, String path) {
			super(response);
			this.method = method;
			this.path = path;
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			MediaType type = getHeaders().getContentType();
			HttpStatusCode status = getStatusCode();
			int code = (status != null) ? status.value() : 200;
			if (type == null || !type.getSubtype().endsWith("json") || !sample(this.method, this.path, code)) {
				return super.writeWith(body);
			}
			ByteArrayOutputStream copy = new ByteArrayOutputStream();
			return super.writeWith(Flux.from(body).doOnNext((buffer) -> {
				int length = buffer.readableByteCount();
				if (copy.size() + length <= LARGEST) {
					ByteBuffer bytes = ByteBuffer.allocate(length);
					buffer.toByteBuffer(buffer.readPosition(), bytes, 0, length);
					copy.writeBytes(bytes.array());
				}
			}).doOnComplete(() -> {
				if (copy.size() > 0 && copy.size() < LARGEST) {
					Map<String, Object> line = new LinkedHashMap<>();
					line.put("method", this.method);
					line.put("path", this.path);
					line.put("status", code);
					line.put("contentType", type.toString());
					line.put("body", copy.toString(StandardCharsets.UTF_8));
					record(BODIES, json.writeValueAsString(line));
				}
			}));
		}

	}

	private static boolean sample(String method, String path, int status) {
		return kept.get() < IN_ALL
				&& sampled.computeIfAbsent(method + " " + path + " " + status, (key) -> new AtomicInteger())
					.incrementAndGet() <= PER_KEY
				&& kept.incrementAndGet() <= IN_ALL;
	}

	private static synchronized void record(Path file, String line) {
		try {
			Files.createDirectories(file.getParent());
			Files.write(file, List.of(line), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
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
