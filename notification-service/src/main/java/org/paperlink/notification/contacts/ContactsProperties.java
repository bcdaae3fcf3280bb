package org.paperlink.notification.contacts;

import java.util.List;
import java.util.Map;

import org.paperlink.notification.delivery.Transport;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How to reach the staff roles: an email address and the group robots of, for example,
 * the Party committee. Members' addresses are learned from membership events instead.
 *
 * @param roles by role name
 */
@ConfigurationProperties("paperlink.contacts")
public record ContactsProperties(Map<String, RoleContact> roles) {

	public ContactsProperties {
		roles = (roles != null) ? roles : Map.of();
	}

	public record RoleContact(String email, List<Robot> robots) {

		public RoleContact {
			robots = (robots != null) ? robots : List.of();
		}

	}

	/**
	 * A group robot.
	 *
	 * @param type DINGTALK, WECOM or WEBHOOK
	 * @param url the webhook address
	 * @param secret the DingTalk signing secret, if the robot uses signing
	 */
	public record Robot(Transport type, String url, String secret) {

	}

}
