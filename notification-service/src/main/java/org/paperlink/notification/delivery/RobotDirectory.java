package org.paperlink.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import reactor.core.publisher.Mono;

/**
 * Where a robot delivery finds its robot when it is sent: the URL (which carries the
 * robot's token) and the signing secret stay in configuration or the member's contacts,
 * and a delivery record holds only the robot's id. A robot removed meanwhile is not
 * found, and its deliveries fail rather than go to an address nobody configures any more.
 */
public interface RobotDirectory {

	/** The robot with this id among the recipient's, or empty. */
	Mono<Robot> find(String recipientKey, String robotId);

	/**
	 * A robot as configured.
	 *
	 * @param url the webhook address, token included
	 * @param secret the signing secret (DingTalk's, or a generic webhook's HMAC key), or
	 * null
	 */
	record Robot(Transport type, String url, String secret) {

		public String id() {
			return idOf(this.type, this.url);
		}

	}

	/**
	 * A robot's id: a digest of its kind and URL, stable across replicas and restarts,
	 * from which the URL cannot be read back.
	 */
	static String idOf(Transport type, String url) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest((type.name() + "\n" + url).getBytes(StandardCharsets.UTF_8));
			return "robot-" + HexFormat.of().formatHex(digest, 0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
