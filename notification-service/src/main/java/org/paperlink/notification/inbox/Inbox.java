package org.paperlink.notification.inbox;

import org.paperlink.notification.routing.Recipient;
import java.util.stream.Collectors;
import java.time.Clock;
import java.util.List;

import org.paperlink.platform.DomainProblem;
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
 * live.
 */
@Service
public class Inbox {

	private final ReactiveMongoTemplate mongo;

	private final Clock clock;

	private final LiveInbox live;

	Inbox(ReactiveMongoTemplate mongo, Clock clock, LiveInbox live) {
		this.mongo = mongo;
		this.clock = clock;
		this.live = live;
	}

	/**
	 * Delivers the notifications of one event, in bulk: one write of every entry not
	 * there yet, then the new entries to every replica's live readers. Entries that exist
	 * already (a redelivered event) are left alone and not streamed again.
	 */
	public Mono<Long> deliver(String eventId, String eventType, String subjectId, List<Notification> notifications) {
		if (notifications.isEmpty()) {
			return Mono.just(0L);
		}
		List<InboxEntry> entries = notifications.stream()
			.map((notification) -> new InboxEntry(InboxEntry.idOf(eventId, notification.recipient()),
					notification.recipient().key(), eventId, eventType, subjectId, notification.title(),
					notification.body(), notification.urgent(), false, null, this.clock.instant()))
			.toList();
		Query known = Query.query(Criteria.where("_id").in(entries.stream().map(InboxEntry::id).toList()));
		known.fields().include("_id");
		return this.mongo.find(known, org.bson.Document.class, InboxEntry.COLLECTION)
			.map((document) -> document.get("_id").toString())
			.collect(Collectors.toSet())
			.map((existing) -> entries.stream().filter((entry) -> !existing.contains(entry.id())).toList())
			.flatMapMany((fresh) -> fresh.isEmpty() ? Flux.<InboxEntry>empty()
					: this.mongo.insertAll(fresh)
						.onErrorResume(DuplicateKeyException.class, (raced) -> insertOneByOne(fresh)))
			.collectList()
			.flatMap((written) -> this.live.publish(written).thenReturn((long) written.size()));
	}

	/** A concurrent redelivery wrote some of them first: write the rest one by one. */
	private Flux<InboxEntry> insertOneByOne(List<InboxEntry> entries) {
		return Flux.fromIterable(entries)
			.flatMap((entry) -> this.mongo.insert(entry)
				.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.empty()), 8);
	}

	Mono<PageResponse<InboxItem>> list(SignedInUser user, InboxFilter filter, int page, int size) {
		Query query = Query.query(filter.narrow(mine(user)));
		return Pages.read(this.mongo, query, Sort.by(Sort.Direction.DESC, "createdAt"), InboxEntry.class, InboxItem::of,
				page, size);
	}

	Mono<Long> unreadCount(SignedInUser user) {
		return this.mongo.count(Query.query(mine(user).and("read").is(false)), InboxEntry.class);
	}

	/** Marks an entry read; reading it again changes nothing. */
	Mono<InboxItem> markRead(SignedInUser user, String id) {
		Query unread = Query
			.query(Criteria.where("_id").is(id).and("recipient").in(Recipient.keysOf(user)).and("read").is(false));
		Update read = new Update().set("read", true).set("readAt", this.clock.instant());
		return this.mongo.findAndModify(unread, read, FindAndModifyOptions.options().returnNew(true), InboxEntry.class)
			.switchIfEmpty(Mono.defer(() -> this.mongo.findOne(
					Query.query(Criteria.where("_id").is(id).and("recipient").in(Recipient.keysOf(user))),
					InboxEntry.class)))
			.switchIfEmpty(Mono.error(() -> DomainProblem.notFound("inbox-entry-not-found", id)))
			.map(InboxItem::of);
	}

	/**
	 * New entries for this user as they are written, on whichever replica: after the one
	 * of {@code lastEventId} when given.
	 */
	Flux<LiveInbox.LiveEvent> stream(SignedInUser user, String lastEventId) {
		return this.live.follow(Recipient.keysOf(user), lastEventId);
	}

	private static Criteria mine(SignedInUser user) {
		return Criteria.where("recipient").in(Recipient.keysOf(user));
	}

}
