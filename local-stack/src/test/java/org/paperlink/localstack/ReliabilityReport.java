package org.paperlink.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code docs/reliability.md} from the rows the fault suite counted: no figure in
 * it is written by hand. Its head says how and on which commit it was measured.
 */
final class ReliabilityReport {

	private ReliabilityReport() {
	}

	static void write(List<String> rows, String plantedFaults, Duration took, int reports, int outageSeconds)
			throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add("# Reliability — what was injected, and what was counted");
		lines.add("");
		lines.add("Written by the fault suite on " + LocalDate.now() + " at commit `" + commit() + "`" + ", in "
				+ Math.round(took.toSeconds() / 60.0) + " min, with:");
		lines.add("");
		lines.add("```bash");
		lines.add("./mvnw verify -Preliability -pl local-stack -am");
		lines.add("```");
		lines.add("");
		lines
			.add("([`FaultInjectionTests`](../local-stack/src/test/java/org/paperlink/localstack/FaultInjectionTests.java), "
					+ reports + " reports in scenario 1, channel outage " + outageSeconds
					+ " s; the real processes of the local run: the standalone Kafka broker, the document store on an H2 "
					+ "file, both services, the mail sink and webhook receiver.) A scenario that fails still writes its "
					+ "row, with its figures, and then fails the run.");
		lines.add("");
		lines.add("Every figure is counted from evidence the system cannot tidy up "
				+ "([`Evidence`](../local-stack/src/test/java/org/paperlink/localstack/Evidence.java)), for the "
				+ "capacity reports acknowledged to the client (a 201):");
		lines.add("");
		lines.add(
				"- **records on the topic**: the records on `alliance.capacity` of those reports, and how many distinct "
						+ "`ce_id`s (a crash may publish an event twice; consumers must not act twice);");
		lines.add("- **inversions**: records that came after a newer version of their own aggregate;");
		lines.add("- **emails**, **robot calls**: the Party committee's `.eml` files in the mail sink and its robot's "
				+ "requests in the webhook receiver, each grouped by the event it names (`X-PaperLink-Event-Id`);");
		lines.add("- **lost**: an acknowledged report without its email, or without its robot call (one each);");
		lines.add("- **duplicated**: emails or robot calls beyond one per event;");
		lines.add("- **reordered**: an email or robot call of a member's report that came after one of a newer report "
				+ "of that member.");
		lines.add("");
		lines.add("The counters are proven on planted faults by `EvidenceTests` (in every `./mvnw verify`: a "
				+ "duplicated `.eml`, a missing webhook file and a swapped pair each read 1), and by this run on its "
				+ "own sinks (under the table).");
		lines.add("");
		lines.add(
				"| scenario | injected | acknowledged | records on the topic | inversions | emails | robot calls | lost "
						+ "| duplicated | reordered | recovered in |");
		lines.add("|---|---|---|---|---|---|---|---|---|---|---|");
		// in the order of their scenario's number, whatever order they ran in
		lines.addAll(
				rows.stream().sorted(java.util.Comparator.comparingInt(ReliabilityReport::scenarioNumber)).toList());
		lines.add("");
		lines.add("\"Recovered in\" runs from the end of the fault (the restart) to the moment every acknowledged "
				+ "report had its email and its robot call.");
		lines.add("");
		lines.add("**Planted faults.** " + ((plantedFaults != null) ? plantedFaults
				: "The check on this run's own sinks did not run or did not finish, so this run proves no counter "
						+ "(see the test report)."));
		lines.add("");
		String text = String.join("\n", lines);
		Files.writeString(Path.of("target", "reliability-report.md"), text, StandardCharsets.UTF_8);
		if (!rows.isEmpty()) {
			// a run that could not start counted nothing, and replaces nothing
			Files.writeString(Path.of("..", "docs", "reliability.md"), text, StandardCharsets.UTF_8);
		}
		System.out.println(text);
	}

	private static String commit() {
		try {
			Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
			String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
			return (git.waitFor() == 0) ? head : "unknown";
		}
		catch (IOException ex) {
			return "unknown";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}

	/**
	 * The number a row's scenario starts with: {@code | 8 rolling restart | ...} is 8.
	 */
	private static int scenarioNumber(String row) {
		java.util.regex.Matcher number = java.util.regex.Pattern.compile("^\\|\\s*(\\d+)").matcher(row);
		return number.find() ? Integer.parseInt(number.group(1)) : Integer.MAX_VALUE;
	}

}
