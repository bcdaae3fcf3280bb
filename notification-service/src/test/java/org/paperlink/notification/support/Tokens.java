package org.paperlink.notification.support;

import java.util.List;

import org.paperlink.testsupport.TestTokenIssuer;

/** Bearer tokens of the roles the tests act as. */
public final class Tokens {

	private Tokens() {
	}

	public static String secretariat() {
		return bearer(TestTokenIssuer.shared().token("secretariat", List.of("SECRETARIAT"), null));
	}

	public static String party() {
		return bearer(TestTokenIssuer.shared().token("party", List.of("PARTY_COMMITTEE"), null));
	}

	public static String admin() {
		return bearer(TestTokenIssuer.shared().token("admin", List.of("ADMIN"), null));
	}

	public static String member(String memberId) {
		return bearer(TestTokenIssuer.shared().token("user-" + memberId, List.of("MEMBER"), memberId));
	}

	private static String bearer(String token) {
		return "Bearer " + token;
	}

}
