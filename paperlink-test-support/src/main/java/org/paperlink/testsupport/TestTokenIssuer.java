package org.paperlink.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * A token issuer for services that validate tokens through a JWKS endpoint: a real HTTP
 * server on loopback serves the public key, and {@link #token} signs tokens with the
 * private one, the way alliance-service does.
 */
public final class TestTokenIssuer {

	private static TestTokenIssuer shared;

	private final RSAKey key;

	private final HttpServer server;

	private TestTokenIssuer() {
		try {
			this.key = new RSAKeyGenerator(2048).keyID("test-" + UUID.randomUUID()).generate();
			byte[] jwks = new JWKSet(this.key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			this.server.createContext("/.well-known/jwks.json", (exchange) -> {
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, jwks.length);
				try (OutputStream body = exchange.getResponseBody()) {
					body.write(jwks);
				}
			});
			this.server.start();
		}
		catch (JOSEException | IOException ex) {
			throw new IllegalStateException("Could not start the test token issuer", ex);
		}
	}

	public static synchronized TestTokenIssuer shared() {
		if (shared == null) {
			shared = new TestTokenIssuer();
		}
		return shared;
	}

	public String jwkSetUri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/.well-known/jwks.json";
	}

	/**
	 * A signed access token, valid for an hour, of the issuer and audience the services
	 * take by default.
	 */
	public String token(String username, List<String> roles, String memberId) {
		return token(username, roles, memberId, (claims) -> {
		});
	}

	/** As {@link #token(String, List, String)}, with claims changed by {@code adjust}. */
	public String token(String username, List<String> roles, String memberId,
			java.util.function.Consumer<JWTClaimsSet.Builder> adjust) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(username)
			.issuer("paperlink")
			.audience("paperlink")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(3600)))
			.jwtID(UUID.randomUUID().toString())
			.claim("roles", roles);
		if (memberId != null) {
			claims.claim("member_id", memberId);
		}
		adjust.accept(claims);
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID()).build(),
					claims.build());
			jwt.sign(new RSASSASigner(this.key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
