package org.paperlink.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;

import org.paperlink.notification.rendering.RenderedMessage;
import org.paperlink.notification.routing.Recipient;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One notification by one transport to one address: its status, attempts and last error.
 * The {@code channel} field keeps its stored and published name. The id is derived from
 * (event, recipient, channel, address), so a redelivered event never sends twice. A
 * robot's delivery keeps its address redacted and the robot's id
 * ({@link RobotDirectory#idOf}), never its token or signing secret.
 * <p>
 * A pending delivery is the recovery log of its partition: {@code partition} names the
 * Kafka partition its event came from (none for a digest or a reminder), and
 * {@code claimedBy} the replica lease ({@link ReplicaLease}) under which it is being
 * sent.
 */
@Document(Delivery.COLLECTION)
@CompoundIndex(name = "status_partition", def = "{'status': 1, 'partition': 1}")
public record Delivery(@Id String id, String eventId, String eventType, String recipient, Transport channel,
		String address, String robot, String title, String body, boolean urgent, DeliveryStatus status, int attempts,
		String lastError, Instant createdAt, Instant nextAttemptAt, Instant sentAt, String subjectId, Long sequence,
		String partition, String claimedBy) {

	public static final String COLLECTION = "deliveries";

	/**
	 * A delivery of a rendered message to one address: pending from now, or skipped with
	 * the address's reason.
	 * @param about the event it tells of: its id and type, the aggregate it is about and
	 * that aggregate's version, by which deliveries to one address are sent in order
	 */
	public static Delivery of(About about, Recipient recipient, Address address, RenderedMessage message,
			boolean urgent, Instant now) {
		boolean skipped = address.skipped() != null;
		// a robot's URL carries its token: the record keeps it redacted, and the robot's
		// id to find URL and secret by when it is sent
		return new Delivery(idOf(about.eventId(), recipient.key(), address.transport(), address.address()),
				about.eventId(), about.eventType(), recipient.key(), address.transport(),
				address.isRobot() ? Secrets.redacted(address.address()) : address.address(),
				address.isRobot() ? RobotDirectory.idOf(address.transport(), address.address()) : null, message.title(),
				message.body(), urgent, skipped ? DeliveryStatus.SKIPPED : DeliveryStatus.PENDING, 0, address.skipped(),
				now, skipped ? null : now, null, about.subjectId(), about.sequence(), about.partition(), null);
	}

	/**
	 * The same delivery, not to be sent: what it tells may have gone out before (see
	 * {@code RestoreWindows}).
	 */
	public Delivery notSent(String reason) {
		return new Delivery(this.id, this.eventId, this.eventType, this.recipient, this.channel, this.address,
				this.robot, this.title, this.body, this.urgent, DeliveryStatus.SKIPPED, this.attempts, reason,
				this.createdAt, null, this.sentAt, this.subjectId, this.sequence, this.partition, null);
	}

	/** The same delivery, claimed under a replica's lease. */
	Delivery claimedBy(String token) {
		return new Delivery(this.id, this.eventId, this.eventType, this.recipient, this.channel, this.address,
				this.robot, this.title, this.body, this.urgent, this.status, this.attempts, this.lastError,
				this.createdAt, this.nextAttemptAt, this.sentAt, this.subjectId, this.sequence, this.partition, token);
	}

	/** The same delivery after one more failed attempt. */
	Delivery withAttempt() {
		return new Delivery(this.id, this.eventId, this.eventType, this.recipient, this.channel, this.address,
				this.robot, this.title, this.body, this.urgent, this.status, this.attempts + 1, this.lastError,
				this.createdAt, this.nextAttemptAt, this.sentAt, this.subjectId, this.sequence, this.partition,
				this.claimedBy);
	}

	/**
	 * Deliveries of one aggregate to one address go out in the order of its versions;
	 * what carries no version (a digest, a reminder) goes out in no particular order.
	 */
	boolean isOrdered() {
		return this.sequence != null && this.subjectId != null;
	}

	/**
	 * The line a delivery waits on: the aggregate's deliveries to one address, or, for an
	 * unordered delivery, itself alone.
	 */
	String line() {
		return isOrdered() ? nameOf(this.subjectId, this.recipient, this.channel, this.address) : this.id;
	}

	/**
	 * What a delivery tells of.
	 *
	 * @param sequence the aggregate's version the event carries, or null for what has
	 * none (a digest, a reminder), which is sent in no particular order
	 * @param partition the Kafka partition the event came from, whose owner sends it;
	 * null for what did not come from Kafka
	 */
	public record About(String eventId, String eventType, String subjectId, Long sequence, String partition) {

		/** What did not come from a partition: a digest, a reminder. */
		public About(String eventId, String eventType, String subjectId, Long sequence) {
			this(eventId, eventType, subjectId, sequence, null);
		}

	}

	public static String idOf(String eventId, String recipient, Transport channel, String address) {
		return nameOf(eventId, recipient, channel, address);
	}

	/**
	 * A stable id made from its parts: the same parts give the same id on every replica.
	 */
	static String nameOf(Object... parts) {
		String key = Arrays.stream(parts).map(String::valueOf).collect(Collectors.joining("\n"));
		return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
	}

}
