package org.paperlink.notification.pipeline;

import org.paperlink.events.AllianceEvent;
import org.paperlink.events.CloudEventEnvelope;

/**
 * An event as it came off Kafka: its CloudEvents envelope, its payload, and the partition
 * it came from ({@code topic-n}), whose owner sends what it causes.
 */
public record ReceivedEvent(CloudEventEnvelope envelope, AllianceEvent payload, String partition) {

	public String id() {
		return this.envelope.id();
	}

	public String type() {
		return this.envelope.type();
	}

	/**
	 * The aggregate the event is about; it becomes {@code subjectId} on inbox entries.
	 */
	public String subject() {
		return (this.envelope.subject() != null) ? this.envelope.subject() : this.payload.subject();
	}

}
