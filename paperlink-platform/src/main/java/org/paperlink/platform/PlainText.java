package org.paperlink.platform;

/**
 * Patterns for text people type, for {@code @Pattern(regexp = …, message =
 * "{PlainText}")}. Single-line text has no markup brackets, no control characters and no
 * bidirectional overrides (which can make a name read differently from what it is). Each
 * is one character class, so matching is linear in the length.
 */
public final class PlainText {

	public static final String SINGLE_LINE = "[^<>\\p{Cntrl}\\u202A-\\u202E\\u2066-\\u2069]*";

	/**
	 * One line where markup is harmless because it is escaped when stored: only control
	 * characters and overrides are refused.
	 */
	public static final String SINGLE_LINE_MARKUP_ESCAPED = "[^\\p{Cntrl}\\u202A-\\u202E\\u2066-\\u2069]*";

	/**
	 * Control characters and overrides refused, but line breaks and tabs allowed; markup
	 * is escaped where such text is stored.
	 */
	public static final String MULTI_LINE = "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\u202A-\\u202E\\u2066-\\u2069]*";

	private PlainText() {
	}

}
