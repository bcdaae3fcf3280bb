package org.paperlink.notification.delivery;

/** Ways out of the app. The in-app inbox is not one of them: it is written directly. */
public enum Channel {

	EMAIL, DINGTALK, WECOM, WEBHOOK

}
