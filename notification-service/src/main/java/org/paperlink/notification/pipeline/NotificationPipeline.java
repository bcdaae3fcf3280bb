package org.paperlink.notification.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.paperlink.notification.addressing.AddressedNotification;
import org.paperlink.notification.addressing.Addressing;
import org.paperlink.notification.delivery.Address;
import org.paperlink.notification.delivery.Deliveries;
import org.paperlink.notification.delivery.Delivery;
import org.paperlink.notification.inbox.Inbox;
import org.paperlink.notification.inbox.Notification;
import org.paperlink.notification.rendering.RenderedMessage;
import org.paperlink.notification.rendering.Renderer;
import org.paperlink.notification.routing.PlannedNotification;
import org.paperlink.notification.routing.Router;
import org.paperlink.platform.RestoreWindows;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * From an event to everything it causes, one stage after another:
 * <ol>
 * <li>state the event opens ({@link EventPreparation}: contacts, notice receipts,
 * suspensions, revoked tokens);</li>
 * <li>its audience: the routing rules ({@link Router}) and recipients kept in stored
 * state ({@link StoredRecipients}: saved searches);</li>
 * <li>per recipient, its channels and addresses ({@link Addressing}: preferences and
 * contacts);</li>
 * <li>the rendered message ({@link Renderer});</li>
 * <li>delivery: the inbox entries ({@link Inbox}) and the deliveries outside the app
 * ({@link Deliveries}), recorded and then sent.</li>
 * </ol>
 * What joins a stage is registered in {@code NotificationWiring}. Every effect is keyed
 * by the event id, so a redelivered event changes nothing. An event that the system a
 * restore replaced may have told of already
 * ({@link org.paperlink.events.AllianceEvent#mayHaveBeenToldBefore()}) is written to the
 * inbox, which the restore rewound, and its emails and robot calls are recorded as not
 * sent ({@link RestoreWindows#TOLD_BEFORE}).
 */
public class NotificationPipeline {

	private final EventSteps steps;

	private final Router router;

	private final Addressing addressing;

	private final Renderer renderer;

	private final Inbox inbox;

	private final Deliveries deliveries;

	private final Clock clock;

	public NotificationPipeline(EventSteps steps, Router router, Addressing addressing, Renderer renderer, Inbox inbox,
			Deliveries deliveries, Clock clock) {
		this.steps = steps;
		this.router = router;
		this.addressing = addressing;
		this.renderer = renderer;
		this.inbox = inbox;
		this.deliveries = deliveries;
		this.clock = clock;
	}

	/**
	 * Everything a batch of events from Kafka causes: each event's state and audience in
	 * turn, then all of them addressed, rendered and written together (one write per
	 * collection), so a backlog costs per event what a single event does.
	 */
	public Mono<Void> handle(List<ReceivedEvent> events) {
		return Flux.fromIterable(events)
			.concatMap((event) -> this.steps.prepare(event)
				.then(audience(event))
				.map((planned) -> new Planned(
						new Delivery.About(event.id(), event.type(), event.subject(),
								event.envelope().aggregateVersion(), event.partition()),
						event.payload().mayHaveBeenToldBefore(), planned)))
			.collectList()
			.flatMap(this::notify);
	}

	private Mono<List<PlannedNotification>> audience(ReceivedEvent event) {
		List<PlannedNotification> planned = new ArrayList<>(this.router.route(event.payload()));
		return this.steps.storedRecipients(event.payload())
			.doOnNext(planned::add)
			.then(Mono.fromSupplier(() -> planned));
	}

	/**
	 * Addresses, renders and delivers planned notifications of one event, or of a digest
	 * or reminder, which plan their own.
	 */
	public Mono<Void> notify(String eventId, String eventType, String subjectId, List<PlannedNotification> planned) {
		// its own job decides whether it is due again after a restore
		return notify(List.of(new Planned(new Delivery.About(eventId, eventType, subjectId, null), false, planned)));
	}

	/**
	 * What the events of a batch plan, each with what it is about, and whether it may
	 * have been told of before a restore.
	 */
	private record Planned(Delivery.About about, boolean toldBefore, List<PlannedNotification> notifications) {

	}

	private Mono<Void> notify(List<Planned> batch) {
		List<PlannedNotification> all = batch.stream().flatMap((one) -> one.notifications().stream()).toList();
		return this.addressing.address(all).collectList().flatMap((addressed) -> {
			List<Inbox.Told> inApp = new ArrayList<>();
			List<Delivery> outside = new ArrayList<>();
			int next = 0;
			for (Planned event : batch) {
				Renderings renderings = new Renderings(this.renderer);
				List<Rendered> rendered = new ArrayList<>();
				for (int i = 0; i < event.notifications().size(); i++) {
					AddressedNotification one = addressed.get(next++);
					rendered.add(new Rendered(one, renderings.of(one)));
				}
				Delivery.About about = event.about();
				inApp.add(new Inbox.Told(about.eventId(), about.eventType(), about.subjectId(), inApp(rendered)));
				outside.addAll(outside(about, rendered).stream()
					.map((delivery) -> event.toldBefore() ? delivery.notSent(RestoreWindows.TOLD_BEFORE) : delivery)
					.toList());
			}
			return this.inbox.deliver(inApp).then(this.deliveries.plan(outside));
		}).then();
	}

	/**
	 * The messages of one event, each rendered once: a notice to 10,000 members in one
	 * language is one rendering, not 10,000. A message depends on the template, the
	 * language, the urgency and the object rendered, never on who reads it.
	 */
	private static final class Renderings {

		private final Renderer renderer;

		/** By the object rendered, itself: an event's payload is the same instance. */
		private final Map<Object, Map<String, RenderedMessage>> bySubject = new IdentityHashMap<>();

		Renderings(Renderer renderer) {
			this.renderer = renderer;
		}

		RenderedMessage of(AddressedNotification addressed) {
			PlannedNotification planned = addressed.planned();
			return this.bySubject.computeIfAbsent(planned.subject(), (subject) -> new HashMap<>())
				.computeIfAbsent(planned.template() + "\n" + addressed.language() + "\n" + planned.urgent(),
						(key) -> this.renderer.render(planned.template(), addressed.language(), planned.subject(),
								planned.urgent()));
		}

	}

	private static List<Notification> inApp(List<Rendered> rendered) {
		return rendered.stream()
			.filter((one) -> one.addressed().inApp())
			.map((one) -> new Notification(one.addressed().planned().recipient(), one.message().title(),
					one.message().body(), one.addressed().planned().urgent()))
			.toList();
	}

	private List<Delivery> outside(Delivery.About about, List<Rendered> rendered) {
		Instant now = this.clock.instant();
		List<Delivery> outside = new ArrayList<>();
		for (Rendered one : rendered) {
			PlannedNotification planned = one.addressed().planned();
			for (Address address : one.addressed().outside()) {
				outside.add(Delivery.of(about, planned.recipient(), address, one.message(), planned.urgent(), now));
			}
		}
		return outside;
	}

	private record Rendered(AddressedNotification addressed, RenderedMessage message) {

	}

}
