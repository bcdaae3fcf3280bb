package org.paperlink.notification.contacts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.paperlink.notification.delivery.RobotDirectory;
import org.paperlink.notification.routing.Recipient;
import org.paperlink.notification.state.LatestVersion;
import reactor.core.publisher.Mono;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Where a recipient is reached outside the app. Roles come from configuration; a member's
 * email is learned from its membership events, so notification-service never calls back
 * for it.
 */
@Service
public class Contacts implements RobotDirectory {

	private final ContactsProperties properties;

	private final ReactiveMongoTemplate mongo;

	Contacts(ContactsProperties properties, ReactiveMongoTemplate mongo) {
		this.properties = properties;
		this.mongo = mongo;
	}

	public record Contact(String email, List<RobotDirectory.Robot> robots) {

		public static final Contact NONE = new Contact(null, List.of());

	}

	/**
	 * The contacts of these recipients, by recipient key: roles from configuration,
	 * members in one read. One not known is absent.
	 */
	public Mono<Map<String, Contact>> of(Collection<Recipient> recipients) {
		Map<String, Contact> found = new HashMap<>();
		List<String> members = new ArrayList<>();
		for (Recipient recipient : recipients) {
			if (recipient instanceof Recipient.Staff staff) {
				ContactsProperties.RoleContact role = this.properties.roles().get(staff.role());
				if (role != null) {
					found.put(recipient.key(), new Contact(role.email(), role.robots()));
				}
			}
			else {
				members.add(recipient.key());
			}
		}
		if (members.isEmpty()) {
			return Mono.just(found);
		}
		return this.mongo.find(Query.query(Criteria.where("_id").in(members)), MemberContact.class)
			.doOnNext((member) -> found.put(member.id(),
					new Contact(member.email(), (member.robots() != null) ? member.robots() : List.of())))
			.then(Mono.fromSupplier(() -> found));
	}

	@Override
	public Mono<Robot> find(String recipientKey, String robotId) {
		return of(List.of(Recipient.parse(recipientKey)))
			.flatMap((found) -> Mono.justOrEmpty(found.getOrDefault(recipientKey, Contact.NONE)
				.robots()
				.stream()
				.filter((robot) -> robot.id().equals(robotId))
				.findFirst()));
	}

	/**
	 * Keeps a member's email, from an event of the member that carries it, unless one of
	 * a later version of the member set it already.
	 */
	public Mono<Void> learn(String memberId, String email, Long aggregateVersion) {
		if (email == null || email.isBlank()) {
			return Mono.empty();
		}
		return LatestVersion.write(this.mongo, MemberContact.class, Recipient.member(memberId).key(), aggregateVersion,
				new Update().set("email", email));
	}

	@Document("contacts")
	record MemberContact(@Id String id, String email, List<RobotDirectory.Robot> robots, Long version) {

	}

}
