package org.paperlink.notification.inbox;

import org.springframework.data.mongodb.core.query.Criteria;

/**
 * Which of a user's inbox entries to list: only the unread, only the urgent, only one
 * event type (for example the Party committee's daily digests); any combination.
 */
record InboxFilter(boolean unreadOnly, boolean urgentOnly, String eventType) {

	Criteria narrow(Criteria mine) {
		Criteria criteria = alike(mine);
		if (this.unreadOnly) {
			criteria = criteria.and("read").is(false);
		}
		return criteria;
	}

	/**
	 * The same, but for the read mark, which a shared entry keeps per reader (the inbox
	 * applies it).
	 */
	Criteria alike(Criteria audience) {
		Criteria criteria = audience;
		if (this.urgentOnly) {
			criteria = criteria.and("urgent").is(true);
		}
		if (this.eventType != null && !this.eventType.isBlank()) {
			criteria = criteria.and("eventType").is(this.eventType);
		}
		return criteria;
	}

}
