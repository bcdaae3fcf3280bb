package org.paperlink.alliance.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * bcrypt, for passwords of any length the policy allows. bcrypt reads at most 72 bytes
 * and refuses more, but 64 characters may take up to 192 bytes of UTF-8 (a Chinese
 * character takes three, so 25 of them are already too many). A password longer than 72
 * bytes is therefore first reduced to its SHA-256 digest, in Base64 (44 bytes): every
 * character still counts, and a shorter password is hashed exactly as before, so stored
 * hashes stay valid.
 */
final class LongPasswordEncoder implements PasswordEncoder {

	private static final int BCRYPT_MAX_BYTES = 72;

	private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();

	@Override
	public String encode(CharSequence rawPassword) {
		return this.bcrypt.encode(fitted(rawPassword));
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		return this.bcrypt.matches(fitted(rawPassword), encodedPassword);
	}

	@Override
	public boolean upgradeEncoding(String encodedPassword) {
		return this.bcrypt.upgradeEncoding(encodedPassword);
	}

	static CharSequence fitted(CharSequence rawPassword) {
		byte[] bytes = rawPassword.toString().getBytes(StandardCharsets.UTF_8);
		if (bytes.length <= BCRYPT_MAX_BYTES) {
			return rawPassword;
		}
		try {
			return "sha256:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

}
