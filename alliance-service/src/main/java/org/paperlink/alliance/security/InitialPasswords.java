package org.paperlink.alliance.security;

import java.security.SecureRandom;

/**
 * Initial passwords, shown once to whoever hands them over and never stored: 13
 * characters without look-alikes (no 0/O, 1/l/I), with letters and a digit, as the
 * password policy wants.
 */
public final class InitialPasswords {

	private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

	private static final SecureRandom random = new SecureRandom();

	private InitialPasswords() {
	}

	public static String next() {
		StringBuilder password = new StringBuilder("Pl");
		for (int index = 0; index < 10; index++) {
			password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return password.append(random.nextInt(10)).toString();
	}

}
