package org.paperlink.notification.consumer;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.paperlink.notification.contacts.Contacts;
import org.paperlink.notification.contacts.ContactsProperties;
import org.paperlink.notification.delivery.Channel;
import org.paperlink.notification.delivery.Deliveries;
import org.paperlink.notification.delivery.Delivery;
import org.paperlink.notification.delivery.DeliveryStatus;
import org.paperlink.notification.inbox.Inbox;
import org.paperlink.notification.inbox.Notification;
import org.paperlink.notification.preferences.PreferenceService;
import org.paperlink.notification.routing.NotificationTemplates;
import org.paperlink.notification.routing.PlannedNotification;
import org.paperlink.notification.routing.Router;
import org.paperlink.notification.routing.StoredRecipients;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * From an event to everything it causes: the rules say who hears of it and how,
 * preferences trim the optional channels, inbox entries are written, and deliveries on
 * the other channels are recorded and sent. Every effect is keyed by the event id, so a
 * redelivered event changes nothing.
 */
@Service
public class NotificationPipeline {

	private final Router router;

	private final PreferenceService preferences;

	private final NotificationTemplates templates;

	private final Contacts contacts;

	private final Inbox inbox;

	private final Deliveries deliveries;

	private final Clock clock;

	private final List<EventPreparation> preparations;

	private final List<StoredRecipients> storedRecipients;

	NotificationPipeline(Router router, PreferenceService preferences, NotificationTemplates templates,
			Contacts contacts, Inbox inbox, Deliveries deliveries, Clock clock, List<EventPreparation> preparations,
			List<StoredRecipients> storedRecipients) {
		this.preparations = preparations;
		this.storedRecipients = storedRecipients;
		this.router = router;
		this.preferences = preferences;
		this.templates = templates;
		this.contacts = contacts;
		this.inbox = inbox;
		this.deliveries = deliveries;
		this.clock = clock;
	}

	public Mono<Void> handle(ReceivedEvent event) {
		return this.contacts.learn(event.payload(), event.envelope().aggregateVersion())
			.then(Flux.fromIterable(this.preparations).concatMap((step) -> step.prepare(event)).then())
			.then(Flux.fromIterable(this.storedRecipients)
				.concatMap((source) -> source.plan(event.payload()))
				.collectList()
				.flatMap((found) -> {
					List<PlannedNotification> planned = new ArrayList<>(
							this.router.route(event.type(), event.payload()));
					found.forEach(planned::addAll);
					return notify(event.id(), event.type(), event.subject(), planned);
				}));
	}

	/** Delivers planned notifications of one event (or of a digest) on their channels. */
	public Mono<Void> notify(String eventId, String eventType, String subjectId, List<PlannedNotification> planned) {
		return Flux.fromIterable(planned)
			.concatMap((notification) -> this.preferences.choose(notification).flatMap((choice) -> {
				NotificationTemplates.Text text = this.templates.render(notification.template(), choice.language(),
						notification.model());
				return outsideTheApp(eventId, eventType, notification, choice.channels(), text)
					.map((outside) -> new Decided(notification, choice.channels().contains("INBOX"), text, outside));
			}))
			.collectList()
			.flatMap((decided) -> {
				List<Notification> inApp = decided.stream()
					.filter(Decided::inApp)
					.map((one) -> new Notification(one.planned().recipient(), one.text().title(), one.text().body(),
							one.planned().urgent()))
					.toList();
				List<Delivery> outside = decided.stream().flatMap((one) -> one.outside().stream()).toList();
				return this.inbox.deliver(eventId, eventType, subjectId, inApp).then(this.deliveries.plan(outside));
			})
			.then();
	}

	private Mono<List<Delivery>> outsideTheApp(String eventId, String eventType, PlannedNotification notification,
			List<String> channels, NotificationTemplates.Text text) {
		boolean emailRouted = notification.channels().contains("EMAIL");
		if (!emailRouted && !channels.contains("ROBOT")) {
			return Mono.just(List.of());
		}
		return this.contacts.of(notification.recipient()).map((contact) -> {
			List<Delivery> deliveries = new ArrayList<>();
			if (emailRouted) {
				deliveries.add(email(eventId, eventType, notification, channels, contact, text));
			}
			if (channels.contains("ROBOT")) {
				for (ContactsProperties.Robot robot : contact.robots()) {
					deliveries.add(delivery(eventId, eventType, notification, Channel.valueOf(robot.type()),
							robot.url(), robot.secret(), text, DeliveryStatus.PENDING, null));
				}
			}
			return deliveries;
		});
	}

	/**
	 * The email the rules asked for: to be sent, or, when the recipient turned email off
	 * or no address is known, recorded as SKIPPED with the reason.
	 */
	private Delivery email(String eventId, String eventType, PlannedNotification notification, List<String> channels,
			Contacts.Contact contact, NotificationTemplates.Text text) {
		String skipped = null;
		if (!channels.contains("EMAIL")) {
			skipped = "收件人已在偏好设置中关闭邮件 the recipient turned email off for " + notification.category();
		}
		else if (contact.email() == null || contact.email().isBlank()) {
			skipped = "没有收件人的邮箱地址 no email address is known for " + notification.recipient().key();
		}
		return (skipped != null)
				? delivery(eventId, eventType, notification, Channel.EMAIL, null, null, text, DeliveryStatus.SKIPPED,
						skipped)
				: delivery(eventId, eventType, notification, Channel.EMAIL, contact.email(), null, text,
						DeliveryStatus.PENDING, null);
	}

	private Delivery delivery(String eventId, String eventType, PlannedNotification notification, Channel channel,
			String address, String secret, NotificationTemplates.Text text, DeliveryStatus status, String reason) {
		String recipient = notification.recipient().key();
		Instant now = this.clock.instant();
		Instant firstAttempt = (status == DeliveryStatus.PENDING) ? now : null;
		return new Delivery(Delivery.idOf(eventId, recipient, channel, address), eventId, eventType, recipient, channel,
				address, secret, text.title(), text.body(), notification.urgent(), status, 0, reason, now, firstAttempt,
				null);
	}

	private record Decided(PlannedNotification planned, boolean inApp, NotificationTemplates.Text text,
			List<Delivery> outside) {

	}

}
