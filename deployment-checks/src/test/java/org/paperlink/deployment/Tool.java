package org.paperlink.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool a check runs (promtool, the OpenAPI linter): its exit code and
 * everything it printed. A tool that is not installed names the package it comes from.
 *
 * @param exitCode the process's exit code
 * @param output standard output and error, interleaved
 */
record Tool(int exitCode, String output) {

	static Tool run(Path directory, Map<String, String> environment, Duration timeout, String installHint,
			List<String> command) {
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
		builder.environment().putAll(environment);
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(command.get(0) + " is needed for this check: " + installHint, ex);
		}
		try {
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(command + " did not finish within " + timeout + ":\n" + output);
			}
			return new Tool(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
