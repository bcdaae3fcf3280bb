package org.paperlink.alliance.support;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.paperlink.alliance.validation.UnifiedSocialCreditCode;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Calls a test makes the way a client would: sign in, register an enterprise. */
public final class Api {

	public static final String DEMO_PASSWORD = "paperlink";

	private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

	private Api() {
	}

	/** The token response of a sign-in: access token, refresh token, lifetime. */
	public static Map<?, ?> signIn(WebTestClient client, String username, String password) {
		return client.post()
			.uri("/api/v1/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", password))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	public static String token(WebTestClient client, String username, String password) {
		return (String) signIn(client, username, password).get("access_token");
	}

	/**
	 * What the holder of an initial password does first: changes it (the only call its
	 * token may make), then signs in with the new one; the new access token.
	 */
	public static String changeInitialPassword(WebTestClient client, String username, String initialPassword,
			String newPassword) {
		client.post()
			.uri("/api/v1/auth/password")
			.header("Authorization", "Bearer " + token(client, username, initialPassword))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("currentPassword", initialPassword, "newPassword", newPassword))
			.exchange()
			.expectStatus()
			.isNoContent();
		return token(client, username, newPassword);
	}

	/** POSTs a body that must create something (201); the new id. */
	public static String created(WebTestClient client, String uri, String bearer, Object body) {
		Map<?, ?> created = client.post()
			.uri(uri)
			.header("Authorization", bearer)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (String) created.get("id");
	}

	public static String token(WebTestClient client, String username) {
		return token(client, username, DEMO_PASSWORD);
	}

	/** An .xlsx export as the given user downloads it; fails unless it is one. */
	public static byte[] spreadsheet(WebTestClient client, String uri, String username) {
		return client.get()
			.uri(uri)
			.header("Authorization", "Bearer " + token(client, username))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
	}

	/** A fresh fictional USCC of 新密市 with a correct check character. */
	public static String newUscc() {
		StringBuilder code = new StringBuilder("91410183MA");
		for (int i = 0; i < 7; i++) {
			code.append(ALPHABET.charAt(ThreadLocalRandom.current().nextInt(ALPHABET.length())));
		}
		return code.append(UnifiedSocialCreditCode.checkCharacter(code.toString())).toString();
	}

	public static String newUsername() {
		return "firm" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
	}

	/** A complete, valid application. */
	public static Map<String, Object> application(String uscc, String username) {
		return Map.of("enterpriseName", "测试纸业有限公司", "uscc", uscc, "pillar", "PAPERMAKING", "produces",
				java.util.List.of("HIGH_STRENGTH_CORRUGATING"), "consumes", java.util.List.of("WASTE_PAPER"),
				"annualCapacityTonnes", 120000, "contact",
				Map.of("name", "张三", "phone", "13800138000", "email", "zhang@example.cn"), "village", "纸坊村", "username",
				username, "password", "Paper2026ok");
	}

	/** A newly registered and approved member, signed in. */
	public record SignedInMember(String id, String bearer) {

	}

	/**
	 * Registers, approves and signs in a new member producing HIGH_STRENGTH_CORRUGATING
	 * at 120,000 t/yr.
	 */
	public static SignedInMember newActiveMember(WebTestClient client) {
		String username = newUsername();
		String id = register(client, newUscc(), username);
		client.post()
			.uri("/api/v1/registrations/{id}/approve", id)
			.header("Authorization", "Bearer " + token(client, "secretariat"))
			.exchange()
			.expectStatus()
			.isOk();
		return new SignedInMember(id, "Bearer " + token(client, username, "Paper2026ok"));
	}

	/** Registers an application and returns its id. */
	public static String register(WebTestClient client, String uscc, String username) {
		Map<?, ?> created = client.post()
			.uri("/api/v1/registrations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(application(uscc, username))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (String) created.get("id");
	}

}
