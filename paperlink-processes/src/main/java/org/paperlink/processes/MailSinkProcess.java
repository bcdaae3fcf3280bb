package org.paperlink.processes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The local run's SMTP sink and webhook receiver as its own JVM; messages land as .eml
 * files, webhook requests as .json files.
 */
public class MailSinkProcess implements AutoCloseable {

	private final int port;

	private final ManagedProcess sink;

	public MailSinkProcess(Path directory, int port, int webhookPort) {
		Path absolute = directory.toAbsolutePath();
		this.port = port;
		this.sink = ManagedProcess.java("mail-sink", List.of("-Xms32m", "-Xmx128m"), MailSinkMain.class.getName(),
				List.of(absolute.toString(), Integer.toString(port), Integer.toString(webhookPort)),
				absolute.getParent().resolve("logs").resolve("mail-sink.log"));
	}

	public void start() {
		this.sink.start();
		this.sink.awaitPort(this.port, Duration.ofSeconds(60));
	}

	public int port() {
		return this.port;
	}

	public ManagedProcess process() {
		return this.sink;
	}

	public void stop() {
		this.sink.stop(Duration.ofSeconds(10));
	}

	@Override
	public void close() {
		stop();
	}

}
