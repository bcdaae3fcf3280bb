package org.paperlink.alliance.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RSA key that signs access tokens. It is generated on first start and kept in a
 * file, so tokens stay valid across restarts; only its public half is ever served.
 */
final class SigningKey {

	private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

	private final RSAKey key;

	private SigningKey(RSAKey key) {
		this.key = key;
	}

	static SigningKey loadOrGenerate(Path file) {
		try {
			if (Files.exists(file)) {
				return new SigningKey(RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8)));
			}
			RSAKey generated = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
				.keyID(UUID.randomUUID().toString())
				.generate();
			Path directory = file.toAbsolutePath().getParent();
			Files.createDirectories(directory);
			Path temporary = Files.createTempFile(directory, "signing-key", ".tmp");
			trySetOwnerOnly(temporary);
			Files.writeString(temporary, generated.toJSONString(), StandardCharsets.UTF_8);
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
			log.info("Generated a new token signing key in {}", file.toAbsolutePath());
			return new SigningKey(generated);
		}
		catch (IOException | ParseException | JOSEException ex) {
			throw new IllegalStateException("Cannot load or create the token signing key " + file.toAbsolutePath(), ex);
		}
	}

	RSAKey rsaKey() {
		return this.key;
	}

	JWKSet publicKeys() {
		return new JWKSet(this.key.toPublicJWK());
	}

	private static void trySetOwnerOnly(Path file) throws IOException {
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// not a POSIX file system; the key file keeps the default permissions
		}
	}

}
