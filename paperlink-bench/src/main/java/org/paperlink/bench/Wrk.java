package org.paperlink.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP load from Debian's {@code wrk}, a native generator: a JVM generator on these two
 * cores measures itself as much as the service (it topped out near the no-op endpoint's
 * rate). Each run is a closed loop of {@code connections} clients; a Lua script shapes
 * the requests, and the figures come from wrk's own histogram.
 */
final class Wrk {

	/** What every script ends with: the figures in one parseable line. */
	private static final String REPORT = """
			done = function(summary, latency, requests)
			  io.write(string.format("PAPERLINK requests=%d non2xx=%d errors=%d seconds=%f p50=%f p99=%f p999=%f\\n",
			    summary.requests, summary.errors.status,
			    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
			    summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3,
			    latency:percentile(99.9) / 1e3))
			end
			""";

	private static final Pattern FIGURES = Pattern.compile(
			"PAPERLINK requests=(\\d+) non2xx=(\\d+) errors=(\\d+) seconds=([\\d.]+) p50=([\\d.]+) p99=([\\d.]+) p999=([\\d.]+)");

	private final Path scripts;

	Wrk(Path scripts) {
		this.scripts = scripts;
	}

	/**
	 * Installs Debian's wrk when it is missing (the bench runs as root on these
	 * machines).
	 */
	static void ensureInstalled() {
		if (found()) {
			return;
		}
		System.out.println("[bench] installing Debian's wrk …");
		Commands.output(List.of("apt-get", "install", "-y", "-qq", "wrk"), Duration.ofMinutes(5));
		if (!found()) {
			Commands.output(List.of("apt-get", "update", "-qq"), Duration.ofMinutes(5));
			Commands.output(List.of("apt-get", "install", "-y", "-qq", "wrk"), Duration.ofMinutes(5));
		}
		if (!found()) {
			throw new IllegalStateException("wrk is needed: apt-get install wrk");
		}
	}

	private static boolean found() {
		return Files.isExecutable(Path.of("/usr/bin/wrk")) || Files.isExecutable(Path.of("/usr/local/bin/wrk"));
	}

	/** The figures of one run; latencies in milliseconds. */
	record Result(double perSecond, double p50, double p99, double p999, long requests, long non2xx, long errors) {

		String summary() {
			return String.format("%.0f req/s, p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms (n=%d), %d non-2xx, %d errors",
					this.perSecond, this.p50, this.p99, this.p999, this.requests, this.non2xx, this.errors);
		}

	}

	/**
	 * {@code connections} clients on {@code threads} wrk threads for the duration; the
	 * script's {@code request} (or {@code wrk.method}/{@code wrk.headers}) shapes each
	 * request.
	 */
	Result run(String url, int threads, int connections, Duration duration, String script) {
		try {
			Files.createDirectories(this.scripts);
			Path file = Files.createTempFile(this.scripts, "wrk", ".lua");
			Files.writeString(file, script + "\n" + REPORT, StandardCharsets.UTF_8);
			String output = Commands.output(List.of("wrk", "-t" + threads, "-c" + connections,
					"-d" + duration.toSeconds() + "s", "--timeout", "30s", "-s", file.toString(), url),
					duration.plusMinutes(2));
			Matcher figures = FIGURES.matcher(output);
			if (!figures.find()) {
				throw new IllegalStateException("wrk gave no figures: " + output);
			}
			long requests = Long.parseLong(figures.group(1));
			return new Result(requests / Double.parseDouble(figures.group(4)), Double.parseDouble(figures.group(5)),
					Double.parseDouble(figures.group(6)), Double.parseDouble(figures.group(7)), requests,
					Long.parseLong(figures.group(2)), Long.parseLong(figures.group(3)));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A GET, with a bearer token when one is given. */
	static String get(String bearer) {
		return (bearer != null) ? "wrk.headers[\"Authorization\"] = \"Bearer " + bearer + "\"" : "";
	}

	/**
	 * Each wrk thread reports for its own member, one report after another, with a figure
	 * that always changes: run it with as many threads as connections as members.
	 */
	static String capacityReports(List<Benchmarks.Member> members, String category) {
		StringBuilder table = new StringBuilder("local members = {\n");
		for (Benchmarks.Member member : members) {
			table.append("  {\"").append(member.id()).append("\", \"").append(member.token()).append("\"},\n");
		}
		table.append("}\n");
		return table
				+ """
						local created = 0
						function setup(thread)
						  created = created + 1
						  thread:set("member", created)
						end
						function init(args)
						  id = members[member][1]
						  token = members[member][2]
						  sent = 0
						end
						function request()
						  sent = sent + 1
						  local body = string.format('{"category":"%s","annualTonnes":%%d,"effectiveFrom":"%s","reason":"EXPANSION"}',
						    120000 + (sent %% 50000) + 1)
						  return wrk.format("POST", "/api/v1/members/" .. id .. "/capacity-reports",
						    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
						end
						"""
					.formatted(category, java.time.LocalDate.now());
	}

}
