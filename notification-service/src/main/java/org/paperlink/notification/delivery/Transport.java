package org.paperlink.notification.delivery;

import org.paperlink.notification.routing.Channel;

/**
 * How a delivery leaves the app: email, or one kind of group robot. The in-app inbox is
 * not one of them: it is written directly.
 */
public enum Transport {

	EMAIL(Channel.EMAIL), DINGTALK(Channel.ROBOT), WECOM(Channel.ROBOT), WEBHOOK(Channel.ROBOT);

	private final Channel channel;

	Transport(Channel channel) {
		this.channel = channel;
	}

	/** The channel a rule or a preference names for it. */
	public Channel channel() {
		return this.channel;
	}

}
