package org.paperlink.alliance.api;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.paperlink.testsupport.DocumentedResponses;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed OpenAPI document describes what alliance-service really answers: run
 * after every other test of the module ({@code junit-platform.properties} orders the
 * classes), it compares the document with each status those tests observed.
 */
@Order(Integer.MAX_VALUE)
class DocumentedResponsesTests {

	private static DocumentedResponses document;

	@BeforeAll
	static void read() {
		document = DocumentedResponses.of("alliance-service");
	}

	@Test
	void theDocumentIsValidOpenApi() {
		assertThat(document.validationMessages()).isEmpty();
	}

	@Test
	void everyStatusTheTestsSawIsDocumentedAndEveryDocumentedSuccessWasSeen() {
		assertThat(document.observedCount()).as("responses observed by the integration tests").isPositive();
		assertThat(document.undocumentedObservations()).as("answered but not documented").isEmpty();
		assertThat(document.unobservedSuccesses()).as("documented successes no test saw").isEmpty();
	}

	@Test
	void problemsArePublicOperationsAskForNoTokenAndNamesAreTheirOwn() {
		assertThat(document.problemsNotDescribed()).as("error responses that are not problems").isEmpty();
		assertThat(document.securityNotAsTheAccessMatrix()).isEmpty();
		assertThat(document.generatedOperationIds()).isEmpty();
		assertThat(document.ambiguousTags()).isEmpty();
	}

}
