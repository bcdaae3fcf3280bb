package org.paperlink.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JDK Flight Recorder on a running JVM (jcmd), and the hottest frames of its execution
 * samples (jfr print): where a figure that misses its target spends its time.
 */
final class Profiler {

	private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(60);

	private final long pid;

	private final Path file;

	private Profiler(long pid, Path file) {
		this.pid = pid;
		this.file = file;
	}

	static Profiler start(long pid, Path directory, String name) {
		Path file = directory.resolve(name + ".jfr");
		Commands.output(List.of(tool("jcmd"), Long.toString(pid), "JFR.start", "name=bench", "settings=profile",
				"filename=" + file), TIMEOUT);
		return new Profiler(pid, file);
	}

	/** Stops the recording; the top frames by share of samples, hottest first. */
	Map<String, Integer> stop(int top) {
		Commands.output(List.of(tool("jcmd"), Long.toString(this.pid), "JFR.stop", "name=bench"), TIMEOUT);
		return top(jdkEvents("jdk.ExecutionSample"), top, (event) -> 1L, "(samples)");
	}

	/**
	 * Where threads waited for a monitor (the stand-in store locks each collection per
	 * operation), by total milliseconds waited, with the frame that waited: read from the
	 * same recording after {@link #stop(int)}.
	 */
	Map<String, Integer> monitorWaits(int top) {
		return top(jdkEvents("jdk.JavaMonitorEnter"), top, Profiler::durationMillis, "(ms waited)");
	}

	/** Where memory was allocated, by sampled megabytes. */
	Map<String, Integer> allocations(int top) {
		return top(jdkEvents("jdk.ObjectAllocationSample"), top, (event) -> {
			Matcher weight = WEIGHT.matcher(event);
			if (!weight.find()) {
				return 0L;
			}
			double value = Double.parseDouble(weight.group(1));
			return Math.round(switch (weight.group(2)) {
				case "kB" -> value / 1024;
				case "MB" -> value;
				case "GB" -> value * 1024;
				default -> value / (1024 * 1024);
			});
		}, "(MB sampled)");
	}

	private static final Pattern DURATION = Pattern.compile("duration = ([\\d.]+) (s|ms|us|ns)");

	private static final Pattern WEIGHT = Pattern.compile("weight = ([\\d.]+) (bytes|kB|MB|GB)");

	private static long durationMillis(String event) {
		Matcher duration = DURATION.matcher(event);
		if (!duration.find()) {
			return 0;
		}
		double value = Double.parseDouble(duration.group(1));
		return Math.round(switch (duration.group(2)) {
			case "s" -> value * 1000;
			case "ms" -> value;
			case "us" -> value / 1000;
			default -> value / 1_000_000;
		});
	}

	private List<String> jdkEvents(String name) {
		String printed = Commands.output(
				List.of(tool("jfr"), "print", "--stack-depth", "8", "--events", name, this.file.toString()), TIMEOUT);
		List<String> events = new ArrayList<>(List.of(printed.split(name + " \\{")));
		if (!events.isEmpty()) {
			events.remove(0);
		}
		return events;
	}

	/** The first frame of each event that is not the JDK's own, weighted. */
	private static Map<String, Integer> top(List<String> events, int top,
			java.util.function.ToLongFunction<String> weight, String totalName) {
		Map<String, Long> weights = new TreeMap<>();
		long total = 0;
		for (String event : events) {
			String frame = firstOwnFrame(event);
			long value = weight.applyAsLong(event);
			total += value;
			if (frame != null) {
				weights.merge(frame, value, Long::sum);
			}
		}
		Map<String, Integer> hottest = new LinkedHashMap<>();
		weights.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(top)
			.forEach((entry) -> hottest.put(entry.getKey(), entry.getValue().intValue()));
		hottest.put(totalName, (int) total);
		return hottest;
	}

	private static String firstOwnFrame(String event) {
		int stack = event.indexOf("stackTrace = [");
		if (stack < 0) {
			return null;
		}
		String fallback = null;
		for (String line : event.substring(stack).split("\n")) {
			String frame = line.strip().replaceAll("\\s+line:.*", "");
			if (frame.equals("]")) {
				break;
			}
			if (frame.isEmpty() || frame.startsWith("stackTrace") || frame.startsWith("...")) {
				continue;
			}
			if (fallback == null) {
				fallback = frame;
			}
			if (!frame.startsWith("java.") && !frame.startsWith("jdk.") && !frame.startsWith("sun.")) {
				return frame;
			}
		}
		return fallback;
	}

	private static String tool(String name) {
		return Path.of(System.getProperty("java.home"), "bin", name).toString();
	}

	static boolean available() {
		return Files.isExecutable(Path.of(tool("jcmd"))) && Files.isExecutable(Path.of(tool("jfr")));
	}

}
