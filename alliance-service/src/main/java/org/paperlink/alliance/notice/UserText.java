package org.paperlink.alliance.notice;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;
import org.jsoup.safety.Safelist;

/**
 * Text a person typed, kept as typed but for markup: elements are removed (a script with
 * its content), so no endpoint returns a live element or handler. It stays plain text,
 * not HTML: "R&D" and "a < b" are kept as typed, and each medium escapes what it shows
 * (the console sets text, never HTML; emails and robot messages are plain text and
 * Markdown). Line breaks and Markdown survive.
 */
final class UserText {

	private static final int MAX_ROUNDS = 4;

	private static final Document.OutputSettings KEEP_LAYOUT = new Document.OutputSettings().prettyPrint(false);

	private UserText() {
	}

	static String clean(String text) {
		if (text == null) {
			return null;
		}
		String plain = text.strip();
		// unescaping may reveal markup that was typed escaped (&lt;script&gt;): clean
		// again
		// until nothing changes
		for (int round = 0; round < MAX_ROUNDS; round++) {
			String cleaned = Parser.unescapeEntities(Jsoup.clean(plain, "", Safelist.none(), KEEP_LAYOUT), false);
			if (cleaned.equals(plain)) {
				return plain;
			}
			plain = cleaned;
		}
		// nested beyond reason: keep it escaped, harmless as HTML too
		return Jsoup.clean(plain, "", Safelist.none(), KEEP_LAYOUT);
	}

}
