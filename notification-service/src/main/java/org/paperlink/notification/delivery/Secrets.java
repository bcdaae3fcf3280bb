package org.paperlink.notification.delivery;

import java.util.regex.Pattern;

/**
 * Robot webhooks carry their secret in the URL (DingTalk's {@code access_token}, WeCom's
 * {@code key}), and an HTTP client's error message repeats the URL. What is shown to an
 * administrator, stored as an error or logged is redacted first; only the sender uses the
 * address as it is.
 */
final class Secrets {

	private static final Pattern SECRET_PARAMETER = Pattern
		.compile("(?i)([?&](?:access_token|key|secret|sign|token)=)[^&\\s\"'<>]+");

	private Secrets() {
	}

	/**
	 * The text with the value of every secret-bearing query parameter replaced by ***.
	 */
	static String redacted(String text) {
		return (text != null) ? SECRET_PARAMETER.matcher(text).replaceAll("$1***") : null;
	}

}
