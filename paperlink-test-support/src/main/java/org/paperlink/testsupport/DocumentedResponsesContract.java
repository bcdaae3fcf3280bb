package org.paperlink.testsupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed OpenAPI document of a service describes what it really answers. A
 * service's test extends this and runs after every other test of its module (its
 * {@code junit-platform.properties} orders the classes and the test is
 * {@code @Order(Integer.MAX_VALUE)}), so that it sees each status those tests observed.
 */
public abstract class DocumentedResponsesContract {

	private final DocumentedResponses document;

	protected DocumentedResponsesContract(String service) {
		this.document = DocumentedResponses.of(service);
	}

	@Test
	void theDocumentIsValidOpenApi() {
		assertThat(this.document.validationMessages()).isEmpty();
	}

	@Test
	void everyStatusTheTestsSawIsDocumentedAndEveryDocumentedSuccessWasSeen() {
		assertThat(this.document.observedCount()).as("responses observed by the integration tests").isPositive();
		assertThat(this.document.undocumentedObservations()).as("answered but not documented").isEmpty();
		assertThat(this.document.unobservedSuccesses()).as("documented successes no test saw").isEmpty();
	}

	/**
	 * What a client generated from the document would read is what the service sends:
	 * each sampled body keeps its documented schema (issue 33, item 10).
	 */
	@Test
	void everyBodyTheTestsSawKeepsItsDocumentedSchema() {
		assertThat(this.document.observedBodies()).as("response bodies sampled by the integration tests").isPositive();
		assertThat(this.document.bodiesNotAsDocumented()).as("bodies unlike their documented schema").isEmpty();
	}

	@Test
	void problemsArePublicOperationsAskForNoTokenAndNamesAreTheirOwn() {
		assertThat(this.document.problemsNotDescribed()).as("error responses that are not problems").isEmpty();
		assertThat(this.document.securityNotAsTheAccessMatrix()).isEmpty();
		assertThat(this.document.generatedOperationIds()).isEmpty();
		assertThat(this.document.ambiguousTags()).isEmpty();
	}

}
