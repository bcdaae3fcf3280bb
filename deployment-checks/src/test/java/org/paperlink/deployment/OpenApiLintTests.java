package org.paperlink.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 33, item 9: both OpenAPI documents pass Redocly's lint with its recommended rules
 * ({@code openapi-lint/redocly.yaml}, none switched off). The linter is the version
 * pinned in {@code openapi-lint/package-lock.json}, installed by {@code npm ci} on first
 * use (Debian's nodejs and npm, which {@code .mvn/test-prerequisites.sh} installs).
 */
class OpenApiLintTests {

	private static final Path TOOL = Path.of("openapi-lint").toAbsolutePath();

	private static final List<Path> DOCUMENTS = List.of(Path.of("..", "docs", "openapi", "alliance-service.json"),
			Path.of("..", "docs", "openapi", "notification-service.json"));

	/** No telemetry and no update check: the lint works offline once installed. */
	private static final Map<String, String> QUIET = Map.of("REDOCLY_TELEMETRY", "off",
			"REDOCLY_SUPPRESS_UPDATE_NOTICE", "true", "NO_UPDATE_NOTIFIER", "1", "CI", "true");

	@TempDir
	Path work;

	@BeforeAll
	static void install() {
		if (Files.isExecutable(TOOL.resolve("node_modules/.bin/redocly"))) {
			return;
		}
		Tool install = Tool.run(TOOL, QUIET, Duration.ofMinutes(5),
				"Debian's packages nodejs and npm (apt-get install nodejs npm)",
				List.of("npm", "ci", "--no-audit", "--no-fund"));
		assertThat(install.exitCode()).as(install.output()).isZero();
	}

	@Test
	void bothDocumentsPassTheRecommendedRules() {
		for (Path document : DOCUMENTS) {
			Tool lint = lint(document.toAbsolutePath().normalize());
			assertThat(lint.exitCode()).as(lint.output()).isZero();
			assertThat(lint.output()).doesNotContain("error ");
		}
	}

	/** The lint can fail: a document that lost its servers does. */
	@Test
	void aDocumentWithoutServersFails() throws IOException {
		String alliance = Files.readString(DOCUMENTS.get(0));
		Path broken = this.work.resolve("no-servers.json");
		Files.writeString(broken, alliance.replaceFirst("\"servers\"\\s*:\\s*\\[[^\\]]*\\]", "\"servers\" : []"));
		Tool lint = lint(broken);
		assertThat(lint.exitCode()).isNotZero();
		assertThat(lint.output()).contains("no-empty-servers");
	}

	private static Tool lint(Path document) {
		return Tool.run(TOOL, QUIET, Duration.ofMinutes(2), "npm ci in deployment-checks/openapi-lint",
				List.of(TOOL.resolve("node_modules/.bin/redocly").toString(), "lint", "--config",
						TOOL.resolve("redocly.yaml").toString(), "--format", "stylish", document.toString()));
	}

}
