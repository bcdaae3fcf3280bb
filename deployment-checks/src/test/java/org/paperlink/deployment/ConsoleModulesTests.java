package org.paperlink.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every JavaScript module of the web console parses (Node's own parser, as an ES module):
 * one syntax error, such as a name imported twice, stops every page that imports the
 * module, which the browser tests find only minutes later and less plainly.
 */
class ConsoleModulesTests {

	private static final Path CONSOLE = Path.of("..", "alliance-service", "src", "main", "resources", "static",
			"console", "js");

	@TempDir
	Path work;

	@Test
	void everyConsoleModuleParses() throws IOException {
		List<Path> modules;
		try (Stream<Path> files = Files.walk(CONSOLE)) {
			modules = files.filter((file) -> file.toString().endsWith(".js")).sorted().toList();
		}
		assertThat(modules).hasSizeGreaterThan(5);
		for (Path module : modules) {
			// .mjs: parsed as a module whatever Node's default for .js
			Path copy = this.work.resolve(module.getFileName().toString().replace(".js", ".mjs"));
			Files.copy(module, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			Tool check = Tool.run(this.work, Map.of(), Duration.ofSeconds(30),
					"Debian's package nodejs (apt-get install nodejs)", List.of("node", "--check", copy.toString()));
			assertThat(check.exitCode()).as(module + ":\n" + check.output()).isZero();
		}
	}

}
