package org.paperlink.alliance.validation;

/**
 * A username, for an enterprise's or a staff member's account: 3 to 32 lower-case
 * letters, digits or underscores, starting with a letter. A constant for
 * {@code @Pattern}, which the OpenAPI description shows (a composed constraint would hide
 * it).
 */
public final class Usernames {

	public static final String PATTERN = "[a-z][a-z0-9_]{2,31}";

	private Usernames() {
	}

}
