package org.paperlink.notification.api;

import org.junit.jupiter.api.Test;
import org.paperlink.notification.support.NotificationIntegrationTest;
import org.paperlink.testsupport.PublishedApiDocument;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/** docs/openapi/notification-service.json is what the service serves at /v3/api-docs. */
@NotificationIntegrationTest
class PublishedApiDocumentTests {

	@Autowired
	private WebTestClient client;

	@Test
	void theCommittedDocumentIsWhatTheServiceServes() {
		PublishedApiDocument.assertServedMatchesCommitted(this.client, "notification-service");
	}

}
