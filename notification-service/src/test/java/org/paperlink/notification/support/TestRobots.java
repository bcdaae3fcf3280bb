package org.paperlink.notification.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback playing the robots: {@code /dingtalk} and {@code /wecom}
 * answer like the robot APIs, {@code /signed-webhook} takes anything,
 * {@code /webhook-500} always fails. Every request is recorded.
 */
public final class TestRobots {

	public static final String DINGTALK_SECRET = "SECtest-signing-secret";

	/** The secret in the failing webhook's URL, as robots carry theirs. */
	public static final String URL_SECRET = "leaky-url-secret";

	private static TestRobots shared;

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private volatile boolean outage;

	private volatile Duration slowness = Duration.ZERO;

	private final List<String> arrivals = new CopyOnWriteArrayList<>();

	/**
	 * @param eventId the event the call names in {@code X-PaperLink-Event-Id}
	 * @param headers the request's headers, names in lower case
	 */
	public record Request(String path, URI uri, String body, Instant at, int status, String eventId,
			Map<String, String> headers) {

	}

	private TestRobots() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/dingtalk",
				(exchange) -> answer(exchange, 200, "{\"errcode\":0,\"errmsg\":\"ok\"}"));
		this.server.createContext("/wecom", (exchange) -> answer(exchange, 200, "{\"errcode\":0,\"errmsg\":\"ok\"}"));
		this.server.createContext("/signed-webhook", (exchange) -> answer(exchange, 200, "{}"));
		this.server.createContext("/webhook-500", (exchange) -> answer(exchange, 500, "{\"error\":\"down\"}"));
		this.server.createContext("/webhook-outage", (exchange) -> {
			String request = read(exchange);
			this.arrivals.add(request);
			Duration wait = this.slowness;
			if (!wait.isZero()) {
				// a robot that takes its time to answer, as a slow network does
				LockSupport.parkNanos(wait.toNanos());
			}
			answer(exchange, request, this.outage ? 503 : 200, this.outage ? "{\"error\":\"down\"}" : "{}");
		});
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.start();
	}

	public static synchronized TestRobots shared() {
		if (shared == null) {
			try {
				shared = new TestRobots();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return shared;
	}

	/** Whether {@code /webhook-outage} answers 503 (down) or 200. */
	public void outage(boolean down) {
		this.outage = down;
	}

	/** How long {@code /webhook-outage} takes to answer. */
	public void slowness(Duration wait) {
		this.slowness = wait;
	}

	/** The calls {@code /webhook-outage} answered 200. */
	public List<Request> delivered(String bodyContaining) {
		return this.requests.stream()
			.filter((request) -> request.path().equals("/webhook-outage") && request.status() == 200
					&& request.body().contains(bodyContaining))
			.toList();
	}

	public String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	public List<Request> received(String path, String bodyContaining) {
		return this.requests.stream()
			.filter((request) -> request.path().equals(path) && request.body().contains(bodyContaining))
			.toList();
	}

	/**
	 * The bodies of the calls to {@code /webhook-outage} as they arrive, before it
	 * answers: a call in this list and not yet answered is in flight.
	 */
	public List<String> arrived(String bodyContaining) {
		return this.arrivals.stream().filter((body) -> body.contains(bodyContaining)).toList();
	}

	private static String read(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private void answer(HttpExchange exchange, int status, String body) throws IOException {
		answer(exchange, read(exchange), status, body);
	}

	private void answer(HttpExchange exchange, String request, int status, String body) throws IOException {
		Map<String, String> headers = new HashMap<>();
		exchange.getRequestHeaders()
			.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
		this.requests.add(new Request(exchange.getHttpContext().getPath(), exchange.getRequestURI(), request,
				Instant.now(), status, exchange.getRequestHeaders().getFirst("X-PaperLink-Event-Id"), headers));
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
