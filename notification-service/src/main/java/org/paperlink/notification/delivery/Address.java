package org.paperlink.notification.delivery;

/**
 * Where one notification goes outside the app: an email address or a robot's webhook. An
 * email the rules asked for but that cannot or may not be sent is kept as skipped, with
 * the reason, so the secretariat sees why nothing arrived.
 *
 * @param transport email or the robot's kind
 * @param address the email address or the webhook URL, null when skipped for lack of one
 * @param secret the DingTalk signing secret, if any
 * @param skipped why it is not sent, or null
 */
public record Address(Transport transport, String address, String secret, String skipped) {

}
