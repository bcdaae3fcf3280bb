package org.paperlink.events;

import java.util.Arrays;
import java.util.Optional;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every CloudEvents type PaperLink publishes, with its topic and payload record. A
 * breaking change to a payload gets a new {@code .vN} type; the topic stays.
 */
public enum EventType {

	MEMBER_REGISTERED("org.paperlink.member.registered.v1", Topics.MEMBERS, MemberRegistered.class),

	MEMBER_APPROVED("org.paperlink.member.approved.v1", Topics.MEMBERS, MemberApproved.class),

	MEMBER_REJECTED("org.paperlink.member.rejected.v1", Topics.MEMBERS, MemberRejected.class),

	MEMBER_UPDATED("org.paperlink.member.updated.v1", Topics.MEMBERS, MemberUpdated.class),

	MEMBER_ROSTER_IMPORTED("org.paperlink.member.roster-imported.v1", Topics.MEMBERS, RosterImported.class),

	ACCOUNT_TOKENS_REVOKED("org.paperlink.account.tokens-revoked.v1", Topics.MEMBERS, AccountTokensRevoked.class),

	CAPACITY_REPORTED("org.paperlink.capacity.reported.v1", Topics.CAPACITY, CapacityReported.class),

	RENOVATION_REGISTERED("org.paperlink.renovation.registered.v1", Topics.RENOVATIONS, RenovationRegistered.class),

	RENOVATION_STATUS_CHANGED("org.paperlink.renovation.status-changed.v1", Topics.RENOVATIONS,
			RenovationStatusChanged.class),

	NOTICE_PUBLISHED("org.paperlink.notice.published.v1", Topics.NOTICES, NoticePublished.class),

	LISTING_PUBLISHED("org.paperlink.market.listing-published.v1", Topics.MARKET, ListingPublished.class),

	MATCH_FOUND("org.paperlink.market.match-found.v1", Topics.MARKET, MatchFound.class),

	LISTING_CLOSED("org.paperlink.market.listing-closed.v1", Topics.MARKET, ListingClosed.class);

	private final String ceType;

	private final String topic;

	private final Class<? extends AllianceEvent> payloadType;

	EventType(String ceType, String topic, Class<? extends AllianceEvent> payloadType) {
		this.ceType = ceType;
		this.topic = topic;
		this.payloadType = payloadType;
	}

	public String ceType() {
		return this.ceType;
	}

	public String topic() {
		return this.topic;
	}

	public Class<? extends AllianceEvent> payloadType() {
		return this.payloadType;
	}

	/**
	 * Reads a payload of this type tolerantly: fields it does not know (added by a newer
	 * producer, as schemas may only add) are ignored, whatever the mapper's own setting
	 * for request bodies.
	 */
	public AllianceEvent read(JsonMapper json, String payload) {
		return json.readerFor(this.payloadType)
			.without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.readValue(payload);
	}

	/** The JSON Schema of the payload, on the classpath of this module. */
	public String schemaResource() {
		return "/schemas/" + this.ceType + ".schema.json";
	}

	public static Optional<EventType> ofCeType(String ceType) {
		return Arrays.stream(values()).filter((type) -> type.ceType.equals(ceType)).findFirst();
	}

	public static EventType of(AllianceEvent event) {
		return Arrays.stream(values())
			.filter((type) -> type.payloadType.equals(event.getClass()))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No event type for " + event.getClass()));
	}

}
