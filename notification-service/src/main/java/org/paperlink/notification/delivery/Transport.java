package org.paperlink.notification.delivery;

/**
 * How a delivery leaves the app: email, or one kind of group robot (the rules' and
 * preferences' channel ROBOT). The in-app inbox is not one of them: it is written
 * directly.
 */
public enum Transport {

	EMAIL, DINGTALK, WECOM, WEBHOOK

}
