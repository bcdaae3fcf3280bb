package org.paperlink.events;

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
	 * Whether the system that a restore of the store replaced may have told of it
	 * already: a scheduled notice that fell due between the backup and the restore,
	 * published again. Consumers record it (the inbox, which the restore rewound) but
	 * send no email or robot call for it.
	 */
	default boolean mayHaveBeenToldBefore() {
		return false;
	}

}
