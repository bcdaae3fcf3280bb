package org.paperlink.alliance.api;

import org.junit.jupiter.api.Test;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.testsupport.PublishedApiDocument;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/** docs/openapi/alliance-service.json is what the service serves at /v3/api-docs. */
@AllianceIntegrationTest
class PublishedApiDocumentTests {

	@Autowired
	private WebTestClient client;

	@Test
	void theCommittedDocumentIsWhatTheServiceServes() {
		PublishedApiDocument.assertServedMatchesCommitted(this.client, "alliance-service");
	}

}
