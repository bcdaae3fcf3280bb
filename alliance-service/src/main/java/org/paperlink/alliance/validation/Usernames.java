package org.paperlink.alliance.validation;

/**
 * A username, for an enterprise's or a staff member's account: 3 to 32 lower-case
 * letters, digits or underscores, starting with a letter. A constant for
 * {@code @Pattern}, which the OpenAPI description shows (a composed constraint would hide
 * it).
 */
public final class Usernames {

	public static final String PATTERN = "[a-z][a-z0-9_]{2,31}";

	/**
	 * What an applicant may not call itself: the names of the platform's own accounts (an
	 * applicant named {@code admin} before the first administrator exists would make the
	 * bootstrap do nothing) and of the service as it appears in the audit trail.
	 */
	public static final String APPLICANT_PATTERN = "(?!(admin|administrator|root|system|bootstrap|anonymous"
			+ "|paperlink|secretariat|party|support|security)$)" + PATTERN;

	private Usernames() {
	}

}
