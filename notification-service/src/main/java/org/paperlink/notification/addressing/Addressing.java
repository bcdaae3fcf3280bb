package org.paperlink.notification.addressing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.paperlink.notification.contacts.Contacts;
import org.paperlink.notification.delivery.Address;
import org.paperlink.notification.delivery.Transport;
import org.paperlink.notification.preferences.PreferenceService;
import org.paperlink.notification.routing.Channel;
import org.paperlink.notification.routing.PlannedNotification;
import org.paperlink.notification.routing.Recipient;
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

	private final PreferenceService preferences;

	private final Contacts contacts;

	Addressing(PreferenceService preferences, Contacts contacts) {
		this.preferences = preferences;
		this.contacts = contacts;
	}

	/**
	 * Addresses notifications, in order, however many events they are of: the preferences
	 * of all their recipients in one read, and the contacts of those that may go outside
	 * the app in another.
	 */
	public Flux<AddressedNotification> address(List<PlannedNotification> planned) {
		if (planned.isEmpty()) {
			return Flux.empty();
		}
		List<Recipient> outside = planned.stream()
			.filter((one) -> one.channels().contains(Channel.EMAIL) || one.channels().contains(Channel.ROBOT))
			.map(PlannedNotification::recipient)
			.distinct()
			.toList();
		return Mono.zip(this.preferences.choose(planned), this.contacts.of(outside))
			.flatMapMany((both) -> Flux.range(0, planned.size())
				.map((i) -> address(planned.get(i), both.getT1().get(i), both.getT2())));
	}

	private static AddressedNotification address(PlannedNotification planned, PreferenceService.Choice choice,
			Map<String, Contacts.Contact> contacts) {
		List<Channel> chosen = choice.channels();
		boolean inApp = chosen.contains(Channel.INBOX);
		boolean emailRouted = planned.channels().contains(Channel.EMAIL);
		if (!emailRouted && !chosen.contains(Channel.ROBOT)) {
			return new AddressedNotification(planned, choice.language(), inApp, List.of());
		}
		Contacts.Contact contact = contacts.getOrDefault(planned.recipient().key(), Contacts.Contact.NONE);
		List<Address> outside = new ArrayList<>();
		if (emailRouted) {
			outside.add(email(planned, chosen, contact));
		}
		if (chosen.contains(Channel.ROBOT)) {
			contact.robots().forEach((robot) -> outside.add(new Address(robot.type(), robot.url(), null)));
		}
		return new AddressedNotification(planned, choice.language(), inApp, List.copyOf(outside));
	}

	/**
	 * The email the rules asked for: to be sent, or, when the recipient turned email off
	 * or no address is known, skipped with the reason.
	 */
	private static Address email(PlannedNotification planned, List<Channel> chosen, Contacts.Contact contact) {
		if (!chosen.contains(Channel.EMAIL)) {
			return new Address(Transport.EMAIL, null,
					"收件人已在偏好设置中关闭邮件 the recipient turned email off for " + planned.category());
		}
		if (contact.email() == null || contact.email().isBlank()) {
			return new Address(Transport.EMAIL, null,
					"没有收件人的邮箱地址 no email address is known for " + planned.recipient().key());
		}
		return new Address(Transport.EMAIL, contact.email(), null);
	}

}
