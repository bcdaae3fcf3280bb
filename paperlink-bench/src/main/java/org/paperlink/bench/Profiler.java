package org.paperlink.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * JDK Flight Recorder on a running JVM (jcmd), and the hottest frames of its execution
 * samples (jfr print): where a figure that misses its target spends its time.
 */
final class Profiler {

	private final long pid;

	private final Path file;

	private Profiler(long pid, Path file) {
		this.pid = pid;
		this.file = file;
	}

	static Profiler start(long pid, Path directory, String name) {
		Path file = directory.resolve(name + ".jfr");
		run(List.of(tool("jcmd"), Long.toString(pid), "JFR.start", "name=bench", "settings=profile",
				"filename=" + file));
		return new Profiler(pid, file);
	}

	/** Stops the recording; the top frames by share of samples, hottest first. */
	Map<String, Integer> stop(int top) {
		run(List.of(tool("jcmd"), Long.toString(this.pid), "JFR.stop", "name=bench"));
		String printed = run(List.of(tool("jfr"), "print", "--events", "jdk.ExecutionSample", this.file.toString()));
		Map<String, Integer> counts = new TreeMap<>();
		boolean nextIsTop = false;
		int samples = 0;
		for (String line : printed.split("\n")) {
			String trimmed = line.strip();
			if (trimmed.startsWith("stackTrace = [")) {
				nextIsTop = true;
				samples++;
				continue;
			}
			if (nextIsTop && !trimmed.isEmpty()) {
				String frame = trimmed.replaceAll("\\s+line:.*", "");
				counts.merge(frame, 1, Integer::sum);
				nextIsTop = false;
			}
		}
		Map<String, Integer> hottest = new LinkedHashMap<>();
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(top)
			.forEach((entry) -> hottest.put(entry.getKey(), entry.getValue()));
		hottest.put("(samples)", samples);
		return hottest;
	}

	private static String tool(String name) {
		return Path.of(System.getProperty("java.home"), "bin", name).toString();
	}

	private static String run(List<String> command) {
		try {
			Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor(60, TimeUnit.SECONDS);
			return output;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static boolean available() {
		return Files.isExecutable(Path.of(tool("jcmd"))) && Files.isExecutable(Path.of(tool("jfr")));
	}

}
