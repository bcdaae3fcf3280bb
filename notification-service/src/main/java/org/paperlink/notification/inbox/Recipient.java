package org.paperlink.notification.inbox;

import java.util.ArrayList;
import java.util.List;

import org.paperlink.platform.Role;
import org.paperlink.platform.SignedInUser;

/**
 * Who an inbox entry is addressed to: one member enterprise, or everyone holding a role
 * (the secretariat's and the Party committee's inboxes are shared by their staff).
 */
public record Recipient(String key) {

	public static Recipient member(String memberId) {
		return new Recipient("member:" + memberId);
	}

	public static Recipient role(Role role) {
		return new Recipient("role:" + role.name());
	}

	/** Every inbox the signed-in user reads: its enterprise's and its roles'. */
	public static List<String> keysOf(SignedInUser user) {
		List<String> keys = new ArrayList<>();
		if (user.memberId() != null && user.has(Role.MEMBER)) {
			keys.add(member(user.memberId()).key());
		}
		user.roles().stream().filter((role) -> role != Role.MEMBER).map((role) -> role(role).key()).forEach(keys::add);
		return keys;
	}

}
