package org.paperlink.alliance.notice;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

/**
 * Text a person typed, made harmless for any page that shows it: markup is removed (a
 * script with its content), and what remains is escaped, so no endpoint returns a live
 * element or handler. Line breaks and Markdown survive.
 */
final class UserText {

	private static final Document.OutputSettings KEEP_LAYOUT = new Document.OutputSettings().prettyPrint(false);

	private UserText() {
	}

	static String clean(String text) {
		if (text == null) {
			return null;
		}
		return Jsoup.clean(text.strip(), "", Safelist.none(), KEEP_LAYOUT);
	}

}
