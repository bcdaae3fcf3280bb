package org.paperlink.notification.routing;

/**
 * The ways a notification reaches its recipient, as routing rules and preferences name
 * them. {@link #ROBOT} is every group robot the recipient has (DingTalk, WeCom or a
 * generic webhook: the delivery's {@code Transport}).
 */
public enum Channel {

	INBOX, EMAIL, ROBOT

}
