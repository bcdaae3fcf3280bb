package org.paperlink.notification.api;

import org.junit.jupiter.api.Order;
import org.paperlink.testsupport.DocumentedResponsesContract;

/**
 * notification-service's committed OpenAPI document against every status its integration
 * tests saw; ordered after them ({@code junit-platform.properties}).
 */
@Order(Integer.MAX_VALUE)
class DocumentedResponsesTests extends DocumentedResponsesContract {

	DocumentedResponsesTests() {
		super("notification-service");
	}

}
