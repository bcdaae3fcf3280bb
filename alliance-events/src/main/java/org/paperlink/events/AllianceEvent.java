package org.paperlink.events;

import java.time.Instant;

/**
 * A fact that happened in the alliance. Payloads are immutable past-tense records that
 * carry everything a consumer needs, so no consumer ever calls back for data.
 */
public sealed interface AllianceEvent permits MemberRegistered, MemberApproved, MemberRejected, MemberUpdated,
		RosterImported, AccountTokensRevoked, CapacityReported, RenovationRegistered, RenovationStatusChanged,
		NoticePublished, ListingPublished, MatchFound, ListingClosed {

	/** The Kafka record key: the id of the aggregate whose events must stay in order. */
	String key();

	/**
	 * The CloudEvents subject; it becomes {@code subjectId} on the resulting inbox
	 * entries.
	 */
	String subject();

	default EventType type() {
		return EventType.of(this);
	}

	/**
	 * When it happened, where that is not the moment it is written: a scheduled notice
	 * published after a restore, as of its time. It becomes the CloudEvents {@code time}.
	 */
	default Instant occurredAt() {
		return null;
	}

}
