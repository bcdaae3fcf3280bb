package org.paperlink.notification.consumer;

import java.util.List;
import java.util.Locale;

import org.paperlink.events.AllianceEvent;
import org.paperlink.events.MemberApproved;
import org.paperlink.events.MemberRegistered;
import org.paperlink.events.MemberRejected;
import org.paperlink.events.MemberUpdated;
import org.paperlink.notification.inbox.Notification;
import org.paperlink.notification.inbox.Recipient;
import org.paperlink.platform.Role;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Who hears of a membership event: the secretariat of each new application, the applicant
 * of the decision. Texts come from the message bundle, in zh-CN.
 */
@Component
class MembershipNotifications {

	private static final Locale LANGUAGE = Locale.SIMPLIFIED_CHINESE;

	private final MessageSource messages;

	MembershipNotifications(MessageSource messages) {
		this.messages = messages;
	}

	List<Notification> of(AllianceEvent event) {
		if (event instanceof MemberRegistered registered) {
			return List.of(new Notification(Recipient.role(Role.SECRETARIAT),
					text("notify.member.registered.title", registered.enterpriseName()),
					text("notify.member.registered.body", registered.enterpriseName(), registered.uscc(),
							pillar(registered.pillar())),
					false));
		}
		if (event instanceof MemberApproved approved) {
			return List.of(new Notification(Recipient.member(approved.memberId()), text("notify.member.approved.title"),
					text("notify.member.approved.body", approved.enterpriseName(), pillar(approved.pillar())), false));
		}
		if (event instanceof MemberRejected rejected) {
			return List.of(new Notification(Recipient.member(rejected.memberId()), text("notify.member.rejected.title"),
					text("notify.member.rejected.body", rejected.enterpriseName(), rejected.reason()), false));
		}
		if (event instanceof MemberUpdated) {
			return List.of();
		}
		throw new IllegalArgumentException("Not a membership event: " + event.type());
	}

	private String pillar(String code) {
		return this.messages.getMessage("pillar." + code, null, code, LANGUAGE);
	}

	private String text(String key, Object... args) {
		return this.messages.getMessage(key, args, LANGUAGE);
	}

}
