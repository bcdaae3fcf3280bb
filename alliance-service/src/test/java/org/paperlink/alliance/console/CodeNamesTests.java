package org.paperlink.alliance.console;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.events.CodeNames;
import org.paperlink.testsupport.CodeNamesCheck;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every code a reader meets has a name in both languages, from the one vocabulary file,
 * and the console gets exactly those names.
 */
@AllianceIntegrationTest
class CodeNamesTests {

	/** Enums never shown to people as codes, each for its reason. */
	private static final Set<String> INTERNAL = Set.of(
			// CloudEvents types, shown as such
			"org.paperlink.events.EventType",
			// mapped to HTTP statuses, never shown
			"org.paperlink.platform.Refusal$Kind",
			// a roster file's columns, named by their Chinese headers
			"org.paperlink.alliance.registration.RosterColumn",
			// an import's and a revocation's bookkeeping, not shown as codes
			"org.paperlink.alliance.registration.MemberImport$Status",
			"org.paperlink.alliance.security.AccountRevocation$Reason");

	@Autowired
	private WebTestClient client;

	@Test
	void everyCodeOfTheEventsThePlatformAndAllianceServiceHasAChineseAndAnEnglishName() {
		assertThat(CodeNamesCheck.unnamedCodes(INTERNAL, "org.paperlink.events", "org.paperlink.platform",
				"org.paperlink.alliance"))
			.isEmpty();
		assertThat(CodeNames.zh("LINERBOARD")).isEqualTo("箱板纸");
		assertThat(CodeNames.en("PAPERMAKING")).isEqualTo("Papermaking");
	}

	@Test
	void theConsoleReadsEveryNameFromTheVocabulary() {
		String script = this.client.get()
			.uri("/console/js/codes.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.parseMediaType("text/javascript"))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(script).startsWith("//").contains("export const CODES = {");
		for (Map.Entry<String, CodeNames.Names> code : CodeNames.all().entrySet()) {
			assertThat(script).contains(
					"\"" + code.getKey() + "\":[\"" + code.getValue().zh() + "\",\"" + code.getValue().en() + "\"]");
		}
		String i18n = this.client.get()
			.uri("/console/js/i18n.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(i18n).contains("import { CODES } from './codes.js';").doesNotContain("PAPERMAKING: [");
	}

}
