package org.paperlink.notification.routing;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.paperlink.platform.Role;

/**
 * Whom a routing rule addresses, as written in {@code routing-rules.yml}:
 * {@code role:<ROLE>}, {@code member:<field>} (the member whose id the event carries in
 * that field) or {@code members:<field>} (every member in that list field).
 *
 * @param role the staff role, for {@code role:}
 * @param field the event's field holding a member id or a list of them
 * @param many whether the field holds a list
 */
public record Addressee(Role role, String field, boolean many) {

	/** Reads a rule's {@code to}; Spring's binder calls it for the YAML string. */
	public static Addressee valueOf(String to) {
		if (to.startsWith("role:")) {
			return new Addressee(Role.valueOf(to.substring("role:".length())), null, false);
		}
		if (to.startsWith("members:")) {
			return new Addressee(null, to.substring("members:".length()), true);
		}
		if (to.startsWith("member:")) {
			return new Addressee(null, to.substring("member:".length()), false);
		}
		throw new IllegalArgumentException("Unknown recipient in routing rules: " + to);
	}

	/** The recipients, given a reader of the event's fields by name. */
	List<Recipient> resolve(Function<String, Object> field) {
		if (this.role != null) {
			return List.of(Recipient.role(this.role));
		}
		Object value = field.apply(this.field);
		if (this.many) {
			return (value instanceof List<?> ids) ? ids.stream()
				.filter(Objects::nonNull)
				.distinct()
				.map((id) -> Recipient.member(id.toString()))
				.toList() : List.of();
		}
		return (value != null) ? List.of(Recipient.member(value.toString())) : List.of();
	}

}
