package org.paperlink.notification.contacts;

import java.util.List;
import java.util.Map;

import org.paperlink.notification.delivery.RobotDirectory;
import org.paperlink.platform.Role;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How to reach the staff roles: an email address and the group robots of, for example,
 * the Party committee (each robot: {@code type} DINGTALK, WECOM or WEBHOOK, {@code url},
 * and {@code secret}, DingTalk's signing secret or the key a generic webhook's HMAC
 * signature is made with). Members' addresses are learned from membership events instead.
 *
 * @param roles by role: {@code paperlink.contacts.roles.PARTY_COMMITTEE.email} and so on,
 * in {@code application.yml} (from the environment) and, for the local run, in
 * {@code application-demo.yml}
 */
@ConfigurationProperties("paperlink.contacts")
public record ContactsProperties(Map<Role, RoleContact> roles) {

	public ContactsProperties {
		roles = (roles != null) ? roles : Map.of();
	}

	public record RoleContact(String email, List<RobotDirectory.Robot> robots) {

		public RoleContact {
			robots = (robots != null) ? robots : List.of();
		}

	}

}
