package org.paperlink.notification.addressing;

import java.util.ArrayList;
import java.util.List;

import org.paperlink.notification.contacts.Contacts;
import org.paperlink.notification.delivery.Address;
import org.paperlink.notification.delivery.Transport;
import org.paperlink.notification.preferences.PreferenceService;
import org.paperlink.notification.routing.Channel;
import org.paperlink.notification.routing.PlannedNotification;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The addressing stage: from what the rules planned for a recipient to where each copy
 * goes. The recipient's preferences trim the optional channels and choose the language;
 * its contacts give the email address and the group robots.
 */
@Component
public class Addressing {

	/** Contacts looked up at once for an event told to many. */
	private static final int CONTACTS_AT_ONCE = 8;

	private final PreferenceService preferences;

	private final Contacts contacts;

	Addressing(PreferenceService preferences, Contacts contacts) {
		this.preferences = preferences;
		this.contacts = contacts;
	}

	/**
	 * Addresses the notifications of one event, in order: the preferences of all their
	 * recipients in one read, and the contacts of those that go outside the app.
	 */
	public Flux<AddressedNotification> address(List<PlannedNotification> planned) {
		if (planned.isEmpty()) {
			return Flux.empty();
		}
		return this.preferences.choose(planned)
			.flatMapMany((choices) -> Flux.range(0, planned.size())
				.flatMapSequential((i) -> address(planned.get(i), choices.get(i)), CONTACTS_AT_ONCE));
	}

	private Mono<AddressedNotification> address(PlannedNotification planned, PreferenceService.Choice choice) {
		List<Channel> chosen = choice.channels();
		boolean inApp = chosen.contains(Channel.INBOX);
		boolean emailRouted = planned.channels().contains(Channel.EMAIL);
		if (!emailRouted && !chosen.contains(Channel.ROBOT)) {
			return Mono.just(new AddressedNotification(planned, choice.language(), inApp, List.of()));
		}
		return this.contacts.of(planned.recipient()).map((contact) -> {
			List<Address> outside = new ArrayList<>();
			if (emailRouted) {
				outside.add(email(planned, chosen, contact));
			}
			if (chosen.contains(Channel.ROBOT)) {
				contact.robots()
					.forEach((robot) -> outside.add(new Address(robot.type(), robot.url(), robot.secret(), null)));
			}
			return new AddressedNotification(planned, choice.language(), inApp, List.copyOf(outside));
		});
	}

	/**
	 * The email the rules asked for: to be sent, or, when the recipient turned email off
	 * or no address is known, skipped with the reason.
	 */
	private static Address email(PlannedNotification planned, List<Channel> chosen, Contacts.Contact contact) {
		if (!chosen.contains(Channel.EMAIL)) {
			return new Address(Transport.EMAIL, null, null,
					"收件人已在偏好设置中关闭邮件 the recipient turned email off for " + planned.category());
		}
		if (contact.email() == null || contact.email().isBlank()) {
			return new Address(Transport.EMAIL, null, null,
					"没有收件人的邮箱地址 no email address is known for " + planned.recipient().key());
		}
		return new Address(Transport.EMAIL, contact.email(), null, null);
	}

}
