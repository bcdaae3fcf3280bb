package org.paperlink.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.paperlink.processes.DocumentStoreProcess;
import org.paperlink.processes.KafkaBrokerProcess;
import org.paperlink.processes.MailSinkProcess;
import org.paperlink.processes.ManagedProcess;

/**
 * The whole system on one machine, each part its own JVM: a standalone Kafka broker
 * (KRaft), the document store on an H2 file, alliance-service and notification-service.
 * With {@code -Dpaperlink.replicas=2} each service runs twice on the same broker and
 * store, the second of each listening on its first one's port + 10, as production runs
 * them. Data lives under the data directory and survives restarts. Ctrl-C stops
 * everything.
 */
public final class LocalStack implements AutoCloseable {

	private final Settings settings;

	private final DocumentStoreProcess store;

	private final KafkaBrokerProcess kafka;

	private final MailSinkProcess mail;

	/**
	 * Each service's replicas, the first first; each listens on the first's port + 10 ×
	 * its index.
	 */
	private final List<ManagedProcess> allianceReplicas = new ArrayList<>();

	private final List<ManagedProcess> notificationReplicas = new ArrayList<>();

	private final Map<ManagedProcess, Integer> ports = new LinkedHashMap<>();

	/** How far apart the ports of one service's replicas are. */
	public static final int REPLICA_PORT_STEP = 10;

	private final Map<String, String> serviceProperties;

	/** Restarts a part that dies, once {@link #supervise} is called. */
	private Supervisor supervisor;

	/**
	 * How long a service may take to become ready.
	 */
	private static final Duration READY_WITHIN = Duration.ofMinutes(4);

	/**
	 * The JVM options of each service in the local run. The full JIT: C1 alone starts a
	 * little sooner but runs every request at a fraction of the speed
	 * (docs/benchmarks.md). A code cache of 128 MB: in 64 MB, notification-service (43 MB
	 * of compiled code under load) had its code flushed and compiled again, over and
	 * over.
	 */
	public static final List<String> SERVICE_JVM_OPTIONS = List.of("-Xms128m", "-Xmx384m", "-XX:+UseSerialGC",
			"-XX:ReservedCodeCacheSize=128m");

	public LocalStack(Settings settings) {
		this(settings, Map.of());
	}

	/**
	 * @param serviceProperties more properties of both services, such as higher rate
	 * limits for a benchmark
	 */
	public LocalStack(Settings settings, Map<String, String> serviceProperties) {
		this.settings = settings;
		this.serviceProperties = Map.copyOf(serviceProperties);
		Path data = settings.dataDirectory().toAbsolutePath();
		// -Dpaperlink.store.durability=delayed answers writes before the disk, as H2's
		// auto-commit did: only to show what the fault suite sees without durability
		this.store = new DocumentStoreProcess(data.resolve("store"), settings.storePort(), "512m",
				System.getProperty("paperlink.store.durability", "synced"));
		this.kafka = new KafkaBrokerProcess(data.resolve("kafka"), settings.kafkaPort(), settings.controllerPort(),
				"512m");
		this.mail = new MailSinkProcess(data.resolve("mail"), settings.smtpPort(), settings.webhookPort());
		for (int replica = 0; replica < settings.replicas(); replica++) {
			int alliancePort = settings.alliancePort() + REPLICA_PORT_STEP * replica;
			int notificationPort = settings.notificationPort() + REPLICA_PORT_STEP * replica;
			this.allianceReplicas.add(service("alliance-service", replica, alliancePort,
					Map.of("paperlink.security.signing-key-file", data.resolve("jwt-signing-key.json").toString(),
							"spring.profiles.active", "demo", "paperlink.console.notification-url",
							"http://localhost:" + settings.notificationPort(), "paperlink.web.connect-sources",
							"http://localhost:" + settings.notificationPort() + ",http://127.0.0.1:"
									+ settings.notificationPort())));
			this.notificationReplicas.add(service("notification-service", replica, notificationPort,
					Map.of("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
							"http://127.0.0.1:" + settings.alliancePort() + "/.well-known/jwks.json",
							"spring.mail.host", "127.0.0.1", "spring.mail.port", Integer.toString(settings.smtpPort()),
							"spring.profiles.active", "demo", "paperlink.contacts.roles.PARTY_COMMITTEE.robots[0].type",
							"WEBHOOK", "paperlink.contacts.roles.PARTY_COMMITTEE.robots[0].url",
							"http://127.0.0.1:" + settings.webhookPort() + "/party-committee-robot",
							// the console, served by alliance-service, calls the inbox
							// from
							// the browser
							"paperlink.web.allowed-origins", allianceOrigins(settings))));
		}
	}

	/** {@code alliance-service}, then {@code alliance-service-2}, … */
	private static String replicaName(String service, int replica) {
		return (replica == 0) ? service : service + "-" + (replica + 1);
	}

	private static String allianceOrigins(Settings settings) {
		List<String> origins = new ArrayList<>();
		for (int replica = 0; replica < settings.replicas(); replica++) {
			int port = settings.alliancePort() + REPLICA_PORT_STEP * replica;
			origins.add("http://localhost:" + port);
			origins.add("http://127.0.0.1:" + port);
		}
		return String.join(",", origins);
	}

	public static void main(String[] args) {
		Settings settings = Settings.fromSystemProperties();
		List<String> busy = settings.portsInUse();
		if (!busy.isEmpty()) {
			System.err.println("无法启动：以下端口已被占用 / Cannot start, ports already in use:");
			busy.forEach((line) -> System.err.println("  - " + line));
			System.err.println("请先停止占用这些端口的程序（例如上一次未退出的纸联），或用 -Dpaperlink.<name>.port=… 换端口。");
			System.err.println(
					"Stop whatever holds them (perhaps an earlier PaperLink run), or choose other ports with -Dpaperlink.<name>.port=…");
			System.exit(2);
		}
		LocalStack stack = new LocalStack(settings);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			System.out.println("正在停止纸联 / stopping PaperLink …");
			stack.close();
			System.out.println("已停止 / stopped.");
		}, "local-stack-stop"));
		try {
			stack.start(System.out::println);
		}
		catch (RuntimeException ex) {
			System.err.println("启动失败 / start-up failed: " + ex.getMessage());
			System.exit(1);
		}
		System.out.println(stack.readyLine());
		stack.supervise(System.out::println);
		org.paperlink.localstack.backup.NightlyBackups
			.forLocalRun(stack.store().uri(), settings.dataDirectory().toAbsolutePath(), System.out::println)
			.start();
		try {
			// everything else happens in the children, the supervisor and the shutdown
			// hook
			Thread.currentThread().join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Starts every part in order, reporting each step, and returns once both services are
	 * ready.
	 */
	public void start(Consumer<String> progress) {
		Instant started = Instant.now();
		progress.accept("[1/4] 启动文档存储 document store (H2 file) on :" + this.settings.storePort()
				+ " 与邮件接收 mail sink on :" + this.settings.smtpPort() + " …");
		this.store.start();
		this.mail.start();
		progress.accept("[2/4] 启动 Kafka broker (KRaft) on :" + this.settings.kafkaPort() + " …");
		this.kafka.start();
		progress.accept("[3/4] 启动 alliance-service :" + this.settings.alliancePort() + " 与 notification-service :"
				+ this.settings.notificationPort() + " …");
		this.allianceReplicas.get(0).start();
		this.notificationReplicas.forEach(ManagedProcess::start);
		progress.accept("[4/4] 等待服务就绪 waiting for readiness (logs: " + logDirectory() + ") …");
		awaitReady(this.allianceReplicas.get(0));
		// further alliance replicas once the first has seeded the demo alliance and
		// written the signing key, which they share
		for (int replica = 1; replica < this.settings.replicas(); replica++) {
			progress.accept("      第 " + (replica + 1) + " 副本 replica " + (replica + 1) + ": alliance-service :"
					+ this.ports.get(this.allianceReplicas.get(replica)) + ", notification-service :"
					+ this.ports.get(this.notificationReplicas.get(replica)) + " …");
			this.allianceReplicas.get(replica).start();
		}
		this.notificationReplicas.forEach(this::awaitReady);
		this.allianceReplicas.forEach(this::awaitReady);
		progress.accept("      started in " + Duration.between(started, Instant.now()).toSeconds() + " s");
	}

	public String readyLine() {
		return "纸联 PaperLink 已就绪 ready: 控制台 console http://localhost:" + this.settings.alliancePort()
				+ "/console/index.html | " + urls(this.allianceReplicas) + " | " + urls(this.notificationReplicas)
				+ " | 演示账号 demo accounts admin, secretariat, party, hengfeng, dongsen, huishou (密码 password: paperlink)"
				+ " | 邮件 mail " + this.settings.dataDirectory().toAbsolutePath().resolve("mail") + " | 日志 logs "
				+ logDirectory() + " | Ctrl-C 停止 stop";
	}

	private String urls(List<ManagedProcess> replicas) {
		return String.join(" | ", replicas.stream()
			.map((replica) -> replica.name() + " http://localhost:" + this.ports.get(replica) + "/swagger-ui.html")
			.toList());
	}

	/**
	 * Watches every part from now on: one that dies is started again, with backoff, and
	 * the restart reported to {@code report} and counted. The local run does this from
	 * its start; the tests that kill parts on purpose do it only where that is the point.
	 */
	public synchronized Supervisor supervise(Consumer<String> report) {
		if (this.supervisor == null || !this.supervisor.isWatching()) {
			this.supervisor = new Supervisor(parts(), report);
		}
		return this.supervisor;
	}

	/**
	 * Every process of the run: the store, the mail sink, the broker, every service
	 * replica.
	 */
	private List<ManagedProcess> parts() {
		List<ManagedProcess> parts = new ArrayList<>(
				List.of(this.store.process(), this.mail.process(), this.kafka.process()));
		parts.addAll(this.allianceReplicas);
		parts.addAll(this.notificationReplicas);
		return parts;
	}

	public DocumentStoreProcess store() {
		return this.store;
	}

	public KafkaBrokerProcess kafka() {
		return this.kafka;
	}

	/** The first replica of alliance-service. */
	public ManagedProcess allianceService() {
		return this.allianceReplicas.get(0);
	}

	/** The first replica of notification-service. */
	public ManagedProcess notificationService() {
		return this.notificationReplicas.get(0);
	}

	public List<ManagedProcess> allianceReplicas() {
		return List.copyOf(this.allianceReplicas);
	}

	public List<ManagedProcess> notificationReplicas() {
		return List.copyOf(this.notificationReplicas);
	}

	/** The port a service replica listens on. */
	public int portOf(ManagedProcess service) {
		return this.ports.get(service);
	}

	public MailSinkProcess mail() {
		return this.mail;
	}

	/** Starts a stopped or killed service again and waits until it is ready. */
	public void restart(ManagedProcess service) {
		restart(service, READY_WITHIN);
	}

	/**
	 * As {@link #restart(ManagedProcess)}, waiting up to {@code within}: a start under
	 * load on two cores can take minutes.
	 */
	public void restart(ManagedProcess service, Duration within) {
		service.start();
		awaitReady(service, within);
	}

	public Settings settings() {
		return this.settings;
	}

	/**
	 * Stops the services first, all at once, so that they finish their work while Kafka
	 * and the store are up.
	 */
	@Override
	public void close() {
		synchronized (this) {
			// what is stopped now stays stopped
			if (this.supervisor != null) {
				this.supervisor.close();
			}
		}
		List<ManagedProcess> services = new ArrayList<>(this.notificationReplicas);
		services.addAll(this.allianceReplicas);
		ManagedProcess.stopAll(services, Duration.ofSeconds(30));
		this.kafka.stop();
		this.mail.stop();
		this.store.stop();
	}

	private ManagedProcess service(String module, int replica, int port, Map<String, String> properties) {
		String name = replicaName(module, replica);
		Path jar = this.settings.serviceJar(module);
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(SERVICE_JVM_OPTIONS);
		command.addAll(List.of("-jar", jar.toString()));
		Map<String, String> all = new LinkedHashMap<>();
		all.put("server.port", Integer.toString(port));
		all.put("spring.kafka.bootstrap-servers", this.kafka.bootstrapServers());
		all.put("spring.mongodb.uri", this.store.uri());
		all.putAll(loggingTo(logDirectory().resolve(name + ".log")));
		// the replicas share the rate limits: each holds its share
		all.put("paperlink.rate-limits.replicas", Integer.toString(this.settings.replicas()));
		all.putAll(properties);
		all.putAll(this.serviceProperties);
		all.forEach((key, value) -> command.add("--" + key + "=" + value));
		ManagedProcess process = new ManagedProcess(name, command, logDirectory().resolve(name + ".log"));
		this.ports.put(process, port);
		return process;
	}

	/**
	 * Each service logs at INFO to its own file, rotated at 10 MB and capped at 100 MB,
	 * and not to its console, so that a long run cannot fill the disk.
	 */
	static Map<String, String> loggingTo(Path logFile) {
		return Map.of("logging.file.name", logFile.toString(), "logging.logback.rollingpolicy.max-file-size", "10MB",
				"logging.logback.rollingpolicy.total-size-cap", "100MB", "logging.logback.rollingpolicy.max-history",
				"7", "logging.threshold.console", "OFF");
	}

	private Path logDirectory() {
		return this.settings.dataDirectory().toAbsolutePath().resolve("logs");
	}

	private void awaitReady(ManagedProcess service) {
		awaitReady(service, READY_WITHIN);
	}

	private void awaitReady(ManagedProcess service, Duration within) {
		int port = this.ports.get(service);
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest readiness = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(5))
			.build();
		Instant deadline = Instant.now().plus(within);
		while (Instant.now().isBefore(deadline)) {
			if (!service.isAlive()) {
				throw new IllegalStateException(service.name() + " exited during start-up; see " + service.logFile());
			}
			try {
				if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + service.name(), ex);
			}
			try {
				Thread.sleep(500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
		}
		throw new IllegalStateException(
				service.name() + " was not ready within " + within.toSeconds() + " s; see " + service.logFile());
	}

	/**
	 * Where things are. Every value can be changed with a system property, such as
	 * {@code -Dpaperlink.alliance.port=18080}.
	 */
	public record Settings(Path root, Path dataDirectory, String version, int alliancePort, int notificationPort,
			int kafkaPort, int controllerPort, int storePort, int smtpPort, int webhookPort, int replicas) {

		public Settings {
			if (replicas < 1 || replicas > 6) {
				throw new IllegalArgumentException("paperlink.replicas must be 1 to 6, not " + replicas);
			}
		}

		public Settings(Path root, Path dataDirectory, String version, int alliancePort, int notificationPort,
				int kafkaPort, int controllerPort, int storePort, int smtpPort, int webhookPort) {
			this(root, dataDirectory, version, alliancePort, notificationPort, kafkaPort, controllerPort, storePort,
					smtpPort, webhookPort, 1);
		}

		public static Settings fromSystemProperties() {
			Path root = Path.of(System.getProperty("paperlink.root", ".")).toAbsolutePath().normalize();
			return new Settings(root, Path.of(System.getProperty("paperlink.data", root.resolve("data").toString())),
					System.getProperty("paperlink.version", "0.1.0-SNAPSHOT"), port("alliance", 8080),
					port("notification", 8081), port("kafka", 9092), port("kafka-controller", 9093),
					port("store", 27027), port("smtp", 2525), port("webhook", 2580),
					Integer.getInteger("paperlink.replicas", 1));
		}

		/** The same settings with this many replicas of each service. */
		public Settings withReplicas(int count) {
			return new Settings(this.root, this.dataDirectory, this.version, this.alliancePort, this.notificationPort,
					this.kafkaPort, this.controllerPort, this.storePort, this.smtpPort, this.webhookPort, count);
		}

		private static int port(String name, int defaultPort) {
			return Integer.getInteger("paperlink." + name + ".port", defaultPort);
		}

		Path serviceJar(String name) {
			Path jar = this.root.resolve(name).resolve("target").resolve(name + "-" + this.version + "-exec.jar");
			if (!Files.isRegularFile(jar)) {
				throw new IllegalStateException("Missing " + jar + ": build it first (./mvnw -DskipTests package)");
			}
			return jar;
		}

		/** The ports that are already taken, each with what PaperLink wanted it for. */
		public List<String> portsInUse() {
			Map<String, Integer> wanted = new LinkedHashMap<>();
			for (int replica = 0; replica < this.replicas; replica++) {
				wanted.put(replicaName("alliance-service", replica), this.alliancePort + REPLICA_PORT_STEP * replica);
				wanted.put(replicaName("notification-service", replica),
						this.notificationPort + REPLICA_PORT_STEP * replica);
			}
			wanted.put("kafka", this.kafkaPort);
			wanted.put("kafka-controller", this.controllerPort);
			wanted.put("store", this.storePort);
			wanted.put("smtp", this.smtpPort);
			wanted.put("webhook", this.webhookPort);
			List<String> busy = new ArrayList<>();
			wanted.forEach((name, port) -> {
				if (!ManagedProcess.Ports.free(port)) {
					busy.add(port + " (" + name + ", -Dpaperlink." + name.replaceAll("-service(-[0-9]+)?", "")
							+ ".port)");
				}
			});
			return busy;
		}

	}

}
