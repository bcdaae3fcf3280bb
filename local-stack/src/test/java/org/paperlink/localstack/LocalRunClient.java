package org.paperlink.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
		int alliance = portWithReplicaPort();
		int notification = portWithReplicaPort();
		while (notification == alliance || Math.abs(notification - alliance) == LocalStack.REPLICA_PORT_STEP) {
			notification = portWithReplicaPort();
		}
		return new LocalStack.Settings(defaults.root(),
				Path.of("target", prefix + "-" + UUID.randomUUID()).toAbsolutePath(), defaults.version(), alliance,
				notification, ManagedProcess.Ports.anyFree(), ManagedProcess.Ports.anyFree(),
				ManagedProcess.Ports.anyFree(), ManagedProcess.Ports.anyFree(), ManagedProcess.Ports.anyFree());
	}

	/**
	 * A free port whose second replica's port (+10) is free too, below Linux's ephemeral
	 * range (32768 and up), where the system hands out the ports of outgoing connections
	 * and of other "any free port" requests: a second replica's port taken by one of
	 * those failed its start.
	 */
	private static int portWithReplicaPort() {
		java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
		while (true) {
			int port = random.nextInt(20_000, 32_000);
			if (ManagedProcess.Ports.free(port) && ManagedProcess.Ports.free(port + LocalStack.REPLICA_PORT_STEP)) {
				return port;
			}
		}
	}

	private final HttpClient http = HttpClient.newHttpClient();

	private final LocalStack.Settings settings;

	LocalRunClient(LocalStack.Settings settings) {
		this.settings = settings;
	}

	/** An address on alliance-service; Chinese in the query is percent-encoded. */
	URI alliance(String path) {
		return alliance(0, path);
	}

	URI notification(String path) {
		return notification(0, path);
	}

	/** An address on one replica of alliance-service, the first being 0. */
	URI alliance(int replica, String path) {
		return URI.create("http://127.0.0.1:" + (this.settings.alliancePort() + LocalStack.REPLICA_PORT_STEP * replica)
				+ encodeChinese(path));
	}

	URI notification(int replica, String path) {
		return URI.create("http://127.0.0.1:"
				+ (this.settings.notificationPort() + LocalStack.REPLICA_PORT_STEP * replica) + encodeChinese(path));
	}

	/**
	 * Registers an enterprise producing KRAFT, has the secretariat approve it and signs
	 * it in.
	 */
	SignedInMember newMember(String secretariat, String name) throws IOException, InterruptedException {
		String username = "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		HttpResponse<String> created = send(
				post(alliance("/api/v1/registrations"), null, application(name, uscc(), username)));
		if (created.statusCode() != 201) {
			throw new IllegalStateException("Registration failed: " + created.body());
		}
		String id = JsonPath.read(created.body(), "$.id");
		HttpResponse<String> approved = send(
				post(alliance("/api/v1/registrations/" + id + "/approve"), secretariat, "{}"));
		if (approved.statusCode() != 200) {
			throw new IllegalStateException("Approval failed: " + approved.body());
		}
		return new SignedInMember(this, id, username);
	}

	/**
	 * A registration of an enterprise producing KRAFT, with the password
	 * {@code Reliable2026}.
	 */
	static String application(String name, String uscc, String username) {
		return "{\"enterpriseName\": \"" + name + "\", \"uscc\": \"" + uscc
				+ "\", \"pillar\": \"PAPERMAKING\", \"produces\": [\"KRAFT\"], \"consumes\": [], "
				+ "\"annualCapacityTonnes\": 1000, \"contact\": {\"name\": \"测试\", \"phone\": \"13800138000\"}, "
				+ "\"username\": \"" + username + "\", \"password\": \"Reliable2026\"}";
	}

	/**
	 * A member signed in, signed in again before its access token (15 minutes) runs out:
	 * the fault suite runs for most of an hour, and a scenario late in it must not be
	 * refused for a token its first minutes issued.
	 */
	static final class SignedInMember {

		private static final Duration FRESH_FOR = Duration.ofMinutes(10);

		private final LocalRunClient client;

		private final String id;

		private final String username;

		private String token;

		private Instant signedInAt;

		SignedInMember(LocalRunClient client, String id, String username) throws IOException, InterruptedException {
			this.client = client;
			this.id = id;
			this.username = username;
			signIn();
		}

		String id() {
			return this.id;
		}

		synchronized String token() {
			if (Instant.now().isAfter(this.signedInAt.plus(FRESH_FOR))) {
				try {
					signIn();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
			}
			return this.token;
		}

		private void signIn() throws IOException, InterruptedException {
			this.token = this.client.token(this.username, "Reliable2026");
			this.signedInAt = Instant.now();
		}

	}

	/**
	 * A capacity report of KRAFT, effective today, correcting the figure to
	 * {@code annualTonnes}.
	 */
	static String capacityReport(long annualTonnes) {
		return "{\"category\": \"KRAFT\", \"annualTonnes\": " + annualTonnes + ", \"effectiveFrom\": \""
				+ java.time.LocalDate.now() + "\", \"reason\": \"CORRECTION\"}";
	}

	/**
	 * The id of the entry about {@code subjectId} in the inbox of the token's account,
	 * waited for (30 s at most).
	 */
	String inboxEntryAbout(String token, String subjectId) {
		return org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> {
				List<String> ids = JsonPath.read(send(get(notification("/api/v1/inbox?size=200"), token)).body(),
						"$.items[?(@.subjectId == '" + subjectId + "')].id");
				return ids.isEmpty() ? null : ids.get(0);
			}, (id) -> id != null);
	}

	/** A fictional USCC of 新密市 with a valid GB 32100-2015 check character. */
	static String uscc() {
		String alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
		int[] weights = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
		StringBuilder code = new StringBuilder("91410183MA");
		java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
		for (int i = 0; i < 7; i++) {
			code.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		int sum = 0;
		for (int i = 0; i < 17; i++) {
			sum += alphabet.indexOf(code.charAt(i)) * weights[i];
		}
		return code.append(alphabet.charAt((31 - sum % 31) % 31)).toString();
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

	/**
	 * Opens a server-sent event stream and gathers its events (id, name, data) as they
	 * arrive, each with when; {@code lastEventId} resumes after that event.
	 */
	ServerSentEvents events(URI uri, String token, String lastEventId) {
		ServerSentEvents events = new ServerSentEvents();
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.header("Authorization", "Bearer " + token)
			.header("Accept", "text/event-stream");
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		events.connection = this.http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
			.thenAccept((response) -> response.body().forEach(events::line));
		return events;
	}

	/** One event of a stream, and when it arrived. */
	record ServerSentEvent(String id, String name, String data, java.time.Instant arrivedAt) {

	}

	static final class ServerSentEvents implements AutoCloseable {

		private final List<ServerSentEvent> received = new CopyOnWriteArrayList<>();

		private volatile CompletableFuture<Void> connection;

		private volatile boolean connected;

		private String id;

		private String name;

		private final StringBuilder data = new StringBuilder();

		private void line(String line) {
			if (line.startsWith(":connected")) {
				this.connected = true;
			}
			if (line.isEmpty()) {
				if (this.name != null || this.data.length() > 0) {
					this.received.add(new ServerSentEvent(this.id, (this.name != null) ? this.name : "message",
							this.data.toString(), java.time.Instant.now()));
				}
				this.id = null;
				this.name = null;
				this.data.setLength(0);
			}
			else if (line.startsWith("id:")) {
				this.id = line.substring(3).strip();
			}
			else if (line.startsWith("event:")) {
				this.name = line.substring(6).strip();
			}
			else if (line.startsWith("data:")) {
				this.data.append(line.substring(5));
			}
		}

		boolean connected() {
			return this.connected;
		}

		/** The events of that name received so far. */
		List<ServerSentEvent> named(String name) {
			return this.received.stream().filter((event) -> name.equals(event.name())).toList();
		}

		@Override
		public void close() {
			this.connection.cancel(true);
		}

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
