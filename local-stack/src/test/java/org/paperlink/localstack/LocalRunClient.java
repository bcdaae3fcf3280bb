package org.paperlink.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import com.jayway.jsonpath.JsonPath;
import org.paperlink.processes.ManagedProcess;

/**
 * Talks to a local run over HTTP, the way a client would: sign in, call either service.
 */
final class LocalRunClient {

	/**
	 * A run of its own for a test class: a fresh data directory under {@code target}
	 * (named with the prefix) and free ports, so it never meets a developer's local run.
	 */
	static LocalStack.Settings isolatedSettings(String prefix) {
		LocalStack.Settings defaults = LocalStack.Settings.fromSystemProperties();
		return new LocalStack.Settings(defaults.root(),
				Path.of("target", prefix + "-" + UUID.randomUUID()).toAbsolutePath(), defaults.version(),
				ManagedProcess.Ports.anyFree(), ManagedProcess.Ports.anyFree(), ManagedProcess.Ports.anyFree(),
				ManagedProcess.Ports.anyFree(), ManagedProcess.Ports.anyFree(), ManagedProcess.Ports.anyFree(),
				ManagedProcess.Ports.anyFree());
	}

	private final HttpClient http = HttpClient.newHttpClient();

	private final LocalStack.Settings settings;

	LocalRunClient(LocalStack.Settings settings) {
		this.settings = settings;
	}

	/** An address on alliance-service; Chinese in the query is percent-encoded. */
	URI alliance(String path) {
		return URI.create("http://127.0.0.1:" + this.settings.alliancePort() + encodeChinese(path));
	}

	URI notification(String path) {
		return URI.create("http://127.0.0.1:" + this.settings.notificationPort() + encodeChinese(path));
	}

	HttpRequest get(URI uri, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return request.build();
	}

	HttpRequest post(URI uri, String token, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(60))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return request.build();
	}

	HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/** A bearer token for the account, or an error naming the answer. */
	String token(String username, String password) throws IOException, InterruptedException {
		HttpResponse<String> response = send(post(alliance("/api/v1/auth/token"), null,
				"{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}"));
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Sign-in of " + username + " failed: " + response.body());
		}
		return JsonPath.read(response.body(), "$.access_token");
	}

	/**
	 * How many entries the token's inbox holds, or -1 while notification-service does not
	 * answer.
	 */
	long inboxTotal(String token) throws IOException, InterruptedException {
		HttpResponse<String> page = send(get(notification("/api/v1/inbox?size=1"), token));
		return (page.statusCode() == 200) ? ((Number) JsonPath.read(page.body(), "$.total")).longValue() : -1;
	}

	/**
	 * Opens a server-sent event stream, reading it on the HTTP client's threads; the data
	 * lines gather in the returned list as they arrive, each with when it arrived.
	 */
	EventStream stream(URI uri, String token) {
		EventStream stream = new EventStream(new CopyOnWriteArrayList<>());
		HttpRequest request = HttpRequest.newBuilder(uri)
			.header("Authorization", "Bearer " + token)
			.header("Accept", "text/event-stream")
			.build();
		stream.connection = this.http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
			.thenAccept((response) -> response.body()
				.filter((line) -> line.startsWith("data:"))
				.forEach((line) -> stream.data.add(new Arrival(line.substring("data:".length()), System.nanoTime()))));
		return stream;
	}

	record Arrival(String data, long nanoTime) {

	}

	static final class EventStream implements AutoCloseable {

		private final List<Arrival> data;

		private volatile CompletableFuture<Void> connection;

		private EventStream(List<Arrival> data) {
			this.data = data;
		}

		/** The first data line containing the text, if it has come. */
		Optional<Arrival> first(String text) {
			return this.data.stream().filter((arrival) -> arrival.data().contains(text)).findFirst();
		}

		@Override
		public void close() {
			this.connection.cancel(true);
		}

	}

	private static String encodeChinese(String path) {
		StringBuilder encoded = new StringBuilder();
		for (char character : path.toCharArray()) {
			if (character < 128) {
				encoded.append(character);
			}
			else {
				encoded.append(
						java.net.URLEncoder.encode(String.valueOf(character), java.nio.charset.StandardCharsets.UTF_8));
			}
		}
		return encoded.toString();
	}

}
