package org.paperlink.notification.delivery;

import java.util.regex.Pattern;

/**
 * Robot webhooks carry their secret in the URL: in a query parameter (DingTalk's
 * {@code access_token}, WeCom's {@code key}) or as a path segment (Feishu's and Slack's
 * hook ids, many generic webhooks), and an HTTP client's error message repeats the URL.
 * What is stored, shown to an administrator, kept as an error or logged is redacted
 * first; only the sender uses the address as it is.
 */
final class Secrets {

	private static final Pattern SECRET_PARAMETER = Pattern
		.compile("(?i)([?&](?:access_token|key|secret|sign|token)=)[^&\\s\"'<>]+");

	/**
	 * A path segment that looks like a token: 16 or more letters, digits, {@code -} or
	 * {@code _}, with at least one digit and one letter (a word of a path, such as
	 * {@code open-apis}, has no digit; a version, such as {@code v2}, is short).
	 */
	private static final Pattern SECRET_SEGMENT = Pattern
		.compile("/(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-])");

	private Secrets() {
	}

	/**
	 * The text with the value of every secret-bearing query parameter, and every path
	 * segment that looks like a token, replaced by ***.
	 */
	static String redacted(String text) {
		if (text == null) {
			return null;
		}
		String withoutParameters = SECRET_PARAMETER.matcher(text).replaceAll("$1***");
		return SECRET_SEGMENT.matcher(withoutParameters).replaceAll("/***");
	}

}
