package org.paperlink.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tools the bench runs (jcmd, jfr, wrk, apt-get): their output, or a clear failure.
 */
final class Commands {

	private Commands() {
	}

	/**
	 * Runs the command to its end and returns what it printed, standard error included.
	 */
	static String output(List<String> command, Duration timeout) {
		try {
			Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(command.get(0) + " did not finish within " + timeout);
			}
			return output;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run " + command.get(0) + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
