package org.paperlink.notification.routing;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.paperlink.testsupport.CodeNamesCheck;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every code notification-service shows (channels and categories in the preferences, a
 * saved search's delivery) has a name in both languages in the one vocabulary file.
 */
class CodeNamesTests {

	/** Enums of the delivery log, which speaks to operators in its own codes. */
	private static final Set<String> INTERNAL = Set.of("org.paperlink.notification.delivery.DeliveryStatus",
			"org.paperlink.notification.delivery.Transport");

	@Test
	void everyCodeOfNotificationServiceHasAChineseAndAnEnglishName() {
		assertThat(CodeNamesCheck.unnamedCodes(INTERNAL, "org.paperlink.notification")).isEmpty();
	}

}
