package org.paperlink.notification.delivery;

/**
 * Where one notification goes outside the app: an email address or a robot's webhook. An
 * email the rules asked for but that cannot or may not be sent is kept as skipped, with
 * the reason, so the secretariat sees why nothing arrived. Held in memory only: a
 * delivery record keeps a robot's address redacted, and finds its URL and secret again
 * when it is sent ({@link RobotDirectory}).
 *
 * @param transport email or the robot's kind
 * @param address the email address or the webhook URL, null when skipped for lack of one
 * @param skipped why it is not sent, or null
 */
public record Address(Transport transport, String address, String skipped) {

	boolean isRobot() {
		return this.transport != Transport.EMAIL && this.address != null;
	}

}
