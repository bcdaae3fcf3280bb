package org.paperlink.notification.inbox;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.paperlink.notification.routing.Recipient;
import org.paperlink.platform.DomainProblem;
import org.paperlink.platform.NewDocuments;
import org.paperlink.platform.PageResponse;
import org.paperlink.platform.Pages;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * The in-app inbox: writes entries once per event and recipient, reads them, streams them
 * live. What an event tells several members alike is one {@link SharedEntry} that each of
 * them reads, so a notice to 10,000 members is one write, not 10,000; everything else is
 * an {@link InboxEntry} of its recipient. A reader sees both as one list.
 */
@Service
public class Inbox {

	private static final Sort NEWEST_FIRST = Sort.by(Sort.Direction.DESC, "createdAt");

	private final ReactiveMongoTemplate mongo;

	private final Clock clock;

	private final LiveInbox live;

	Inbox(ReactiveMongoTemplate mongo, Clock clock, LiveInbox live) {
		this.mongo = mongo;
		this.clock = clock;
		this.live = live;
	}

	/** What one event tells its recipients in the app. */
	public record Told(String eventId, String eventType, String subjectId, List<Notification> notifications) {

	}

	/**
	 * Delivers the notifications of a batch of events: per event, members told the same
	 * text share one entry, and everyone else gets their own; all of them are written in
	 * one insert per collection, with no read first, then the new ones go to every
	 * replica's live readers. Entries that exist already (a redelivered event) are left
	 * alone and not streamed again.
	 * @return how many recipients were given a new entry
	 */
	public Mono<Long> deliver(List<Told> batch) {
		Instant now = this.clock.instant();
		List<InboxEntry> own = new ArrayList<>();
		List<SharedEntry> shared = new ArrayList<>();
		for (Told told : batch) {
			entries(told, now, own, shared);
		}
		if (own.isEmpty() && shared.isEmpty()) {
			return Mono.just(0L);
		}
		return Mono
			.zip(NewDocuments.insert(this.mongo, InboxEntry.COLLECTION, own, InboxEntry::id),
					NewDocuments.insert(this.mongo, SharedEntry.COLLECTION, shared, SharedEntry::id))
			.flatMap((known) -> {
				List<InboxEntry> newOwn = own.stream().filter((entry) -> !known.getT1().contains(entry.id())).toList();
				List<SharedEntry> newShared = shared.stream()
					.filter((entry) -> !known.getT2().contains(entry.id()))
					.toList();
				return this.live.publish(newOwn, newShared)
					.thenReturn(newOwn.size() + newShared.stream().mapToLong((entry) -> entry.audience().size()).sum());
			});
	}

	private static void entries(Told told, Instant now, List<InboxEntry> own, List<SharedEntry> shared) {
		Map<Text, List<Notification>> byText = told.notifications()
			.stream()
			.collect(Collectors.groupingBy(Text::of, LinkedHashMap::new, Collectors.toList()));
		byText.forEach((text, notified) -> {
			List<String> members = notified.stream()
				.map(Notification::recipient)
				.filter(Recipient.Member.class::isInstance)
				.map(Recipient::key)
				.distinct()
				.toList();
			boolean alike = members.size() > 1;
			if (alike) {
				shared.add(new SharedEntry(InboxEntry.derivedId(told.eventId(), text.key()), members, told.eventId(),
						told.eventType(), told.subjectId(), text.title(), text.body(), text.urgent(), now));
			}
			notified.stream()
				.filter((notification) -> !alike || !(notification.recipient() instanceof Recipient.Member))
				.map((notification) -> new InboxEntry(InboxEntry.idOf(told.eventId(), notification.recipient()),
						notification.recipient().key(), told.eventId(), told.eventType(), told.subjectId(),
						text.title(), text.body(), text.urgent(), false, null, now))
				.forEach(own::add);
		});
	}

	/** What an event tells a recipient; those told the same share an entry. */
	private record Text(String title, String body, boolean urgent) {

		static Text of(Notification notification) {
			return new Text(notification.title(), notification.body(), notification.urgent());
		}

		String key() {
			return "shared\n" + this.urgent + "\n" + this.title + "\n" + this.body;
		}

	}

	Mono<PageResponse<InboxItem>> list(SignedInUser user, InboxFilter filter, int page, int size) {
		List<String> keys = Recipient.keysOf(user);
		return shared(keys, filter).flatMap((shared) -> Pages.readMerged(this.mongo,
				Query.query(filter.narrow(ownedBy(keys))), NEWEST_FIRST, InboxEntry.class, InboxItem::of, shared,
				Comparator.comparing(InboxItem::createdAt).reversed(), page, size));
	}

	Mono<Long> unreadCount(SignedInUser user) {
		List<String> keys = Recipient.keysOf(user);
		InboxFilter unread = new InboxFilter(true, false, null);
		return Mono
			.zip(this.mongo.count(Query.query(unread.narrow(ownedBy(keys))), InboxEntry.class),
					shared(keys, unread).map(List::size))
			.map((both) -> both.getT1() + both.getT2());
	}

	/**
	 * The shared entries these recipients read, as they see them (read or not): they are
	 * few (one per event told to many), so all of them, merged into the page of their own
	 * entries.
	 */
	private Mono<List<InboxItem>> shared(List<String> keys, InboxFilter filter) {
		Query query = Query.query(filter.alike(Criteria.where("audience").in(keys)));
		query.fields().exclude("audience");
		return this.mongo.find(query, SharedEntry.class).collectList().flatMap((entries) -> {
			if (entries.isEmpty()) {
				return Mono.just(List.<InboxItem>of());
			}
			Query marks = Query.query(Criteria.where("recipient")
				.in(keys)
				.and("entry")
				.in(entries.stream().map(SharedEntry::id).toList()));
			return this.mongo.find(marks, ReadMark.class)
				.collectMap(ReadMark::entry)
				.map((read) -> entries.stream()
					.map((entry) -> entry.as(read.get(entry.id())))
					.filter((item) -> !(filter.unreadOnly() && item.read()))
					.toList());
		});
	}

	/** Marks an entry read; reading it again changes nothing. */
	Mono<InboxItem> markRead(SignedInUser user, String id) {
		List<String> keys = Recipient.keysOf(user);
		Query unread = Query.query(Criteria.where("_id").is(id).and("recipient").in(keys).and("read").is(false));
		Update read = new Update().set("read", true).set("readAt", this.clock.instant());
		return this.mongo.findAndModify(unread, read, FindAndModifyOptions.options().returnNew(true), InboxEntry.class)
			.switchIfEmpty(Mono.defer(() -> this.mongo
				.findOne(Query.query(Criteria.where("_id").is(id).and("recipient").in(keys)), InboxEntry.class)))
			.map(InboxItem::of)
			.switchIfEmpty(Mono.defer(() -> markSharedRead(keys, id)))
			.switchIfEmpty(Mono.error(() -> DomainProblem.notFound("inbox-entry-not-found", id)));
	}

	/** The reader's mark on a shared entry, written on the first read and kept. */
	private Mono<InboxItem> markSharedRead(List<String> keys, String id) {
		return Flux.fromIterable(keys).concatMap((key) -> {
			Query readBy = Query.query(Criteria.where("_id").is(id).and("audience").is(key));
			readBy.fields().exclude("audience");
			return this.mongo.findOne(readBy, SharedEntry.class).flatMap((entry) -> {
				// at the store's precision, so that this read and the next show the same
				// time
				ReadMark first = new ReadMark(InboxEntry.derivedId(id, key), id, key,
						this.clock.instant().truncatedTo(ChronoUnit.MILLIS), entry.createdAt());
				return this.mongo.insert(first)
					.onErrorResume(DuplicateKeyException.class,
							(readBefore) -> this.mongo.findById(first.id(), ReadMark.class))
					.map(entry::as);
			});
		}).next();
	}

	/**
	 * New entries for this user as they are written, on whichever replica: after the one
	 * of {@code lastEventId} when given.
	 */
	Flux<LiveInbox.LiveEvent> stream(SignedInUser user, String lastEventId) {
		return this.live.follow(Recipient.keysOf(user), lastEventId);
	}

	private static Criteria ownedBy(List<String> keys) {
		return Criteria.where("recipient").in(keys);
	}

}
