package org.paperlink.notification.routing;

import java.util.ArrayList;
import java.util.List;

import org.paperlink.platform.Role;
import org.paperlink.platform.SignedInUser;

/**
 * Who a notification is addressed to: one member enterprise, or everyone holding a staff
 * role (the secretariat's and the Party committee's inboxes are shared by their staff).
 * Stored records name a recipient by its {@link #key()}; only this type reads one back.
 */
public sealed interface Recipient permits Recipient.Member, Recipient.Staff {

	String key();

	static Recipient member(String memberId) {
		return new Member(memberId);
	}

	static Recipient role(Role role) {
		return new Staff(role);
	}

	/** The recipient a stored key names: {@code member:<id>} or {@code role:<ROLE>}. */
	static Recipient parse(String key) {
		if (key.startsWith(Member.PREFIX)) {
			return new Member(key.substring(Member.PREFIX.length()));
		}
		if (key.startsWith(Staff.PREFIX)) {
			return new Staff(Role.valueOf(key.substring(Staff.PREFIX.length())));
		}
		throw new IllegalArgumentException("Not a recipient key: " + key);
	}

	/**
	 * The keys of every inbox the signed-in user reads: its enterprise's and its roles'.
	 */
	static List<String> keysOf(SignedInUser user) {
		List<String> keys = new ArrayList<>();
		if (user.memberId() != null && user.has(Role.MEMBER)) {
			keys.add(member(user.memberId()).key());
		}
		user.roles().stream().filter((role) -> role != Role.MEMBER).map((role) -> role(role).key()).forEach(keys::add);
		return keys;
	}

	/** A member enterprise. */
	record Member(String memberId) implements Recipient {

		static final String PREFIX = "member:";

		@Override
		public String key() {
			return PREFIX + this.memberId;
		}

	}

	/** Everyone holding a staff role. */
	record Staff(Role role) implements Recipient {

		static final String PREFIX = "role:";

		@Override
		public String key() {
			return PREFIX + this.role.name();
		}

	}

}
