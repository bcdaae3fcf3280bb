package org.paperlink.processes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM that writes its own log file. What it prints outside its logging (a JVM
 * crash, a start-up failure before logging is set up) goes to a {@code .out} file beside
 * the log. It can be stopped politely (SIGTERM, then SIGKILL after a grace period) or
 * killed outright, and started again.
 */
public class ManagedProcess implements AutoCloseable {

	private final String name;

	private final List<String> command;

	private final Path logFile;

	private Process process;

	/** The logging configuration of the local run's own JVMs, a class path resource. */
	static final String LOGBACK_CONFIGURATION = "org/paperlink/processes/process-logback.xml";

	/**
	 * @param logFile the file the process logs to itself; its standard output and error
	 * go to {@link #outputFile()}
	 */
	public ManagedProcess(String name, List<String> command, Path logFile) {
		this.name = name;
		this.command = List.copyOf(command);
		this.logFile = logFile;
	}

	/**
	 * A JVM that runs {@code mainClass} on this JVM's own class path and logs at INFO to
	 * {@code logFile}, rotated and capped in size ({@code process-logback.xml}).
	 */
	public static ManagedProcess java(String name, List<String> jvmOptions, String mainClass, List<String> args,
			Path logFile) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-Dlogback.configurationFile=" + LOGBACK_CONFIGURATION);
		command.add("-Dpaperlink.log.file=" + logFile.toAbsolutePath());
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass);
		command.addAll(args);
		return new ManagedProcess(name, command, logFile);
	}

	public synchronized void start() {
		if (isAlive()) {
			return;
		}
		try {
			Files.createDirectories(this.logFile.toAbsolutePath().getParent());
			this.process = new ProcessBuilder(this.command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile().toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start " + this.name, ex);
		}
	}

	/** Runs the command to completion and fails unless it exits with 0. */
	public void runToCompletion(Duration timeout) {
		start();
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				kill();
				throw new IllegalStateException(this.name + " did not finish within " + timeout);
			}
			if (this.process.exitValue() != 0) {
				throw new IllegalStateException(
						this.name + " failed with exit code " + this.process.exitValue() + "; see " + whereToLook());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for " + this.name, ex);
		}
	}

	/**
	 * Waits until the process accepts connections on the port, failing if it dies first.
	 */
	public void awaitPort(int port, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (!isAlive()) {
				throw new IllegalStateException(this.name + " exited during start-up; see " + whereToLook());
			}
			if (Ports.accepting(port)) {
				return;
			}
			pause(Duration.ofMillis(200));
		}
		throw new IllegalStateException(
				this.name + " did not open port " + port + " within " + timeout + "; see " + whereToLook());
	}

	/**
	 * SIGTERM to every process, then waits for each within the grace period (SIGKILL if
	 * it has not exited): they finish their work side by side, not one after another.
	 */
	public static void stopAll(List<ManagedProcess> processes, Duration grace) {
		processes.forEach(ManagedProcess::requestStop);
		processes.forEach((process) -> process.stop(grace));
	}

	private synchronized void requestStop() {
		if (this.process != null) {
			this.process.destroy();
		}
	}

	/** SIGTERM, then SIGKILL if it has not exited within the grace period. */
	public synchronized void stop(Duration grace) {
		if (this.process == null) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	/** SIGKILL: the process gets no chance to clean up, as in a crash. */
	public synchronized void kill() {
		if (this.process == null) {
			return;
		}
		try {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The exit code of a process that has exited, or -1 while it runs or before it
	 * started.
	 */
	public synchronized int exitCode() {
		return (this.process != null && !this.process.isAlive()) ? this.process.exitValue() : -1;
	}

	public synchronized boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	public String name() {
		return this.name;
	}

	public Path logFile() {
		return this.logFile;
	}

	/** Where the process's standard output and error go: {@code <log name>.out}. */
	public Path outputFile() {
		String name = this.logFile.getFileName().toString();
		return this.logFile.resolveSibling(name.replaceFirst("\\.log$", "") + ".out");
	}

	/** Where to look when the process failed: its log and its output. */
	public String whereToLook() {
		return this.logFile + " (" + outputFile().getFileName() + ")";
	}

	public synchronized long pid() {
		return (this.process != null) ? this.process.pid() : -1;
	}

	@Override
	public void close() {
		stop(Duration.ofSeconds(20));
	}

	static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Port checks. */
	public static final class Ports {

		private Ports() {
		}

		public static boolean accepting(int port) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		}

		public static boolean free(int port) {
			try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
				socket.setReuseAddress(true);
				socket.bind(new InetSocketAddress("0.0.0.0", port));
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		}

		public static int anyFree() {
			try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
				return socket.getLocalPort();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
