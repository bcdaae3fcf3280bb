package org.paperlink.alliance.outbox;

import java.time.Clock;
import java.util.UUID;

import org.paperlink.events.AllianceEvent;
import org.paperlink.events.EventType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/** Turns a domain event into the pending event stored beside the change. */
@Component
class OutboxEvents {

	private final JsonMapper json;

	private final Clock clock;

	private final TraceContexts traces;

	OutboxEvents(JsonMapper json, Clock clock, TraceContexts traces) {
		this.json = json;
		this.clock = clock;
		this.traces = traces;
	}

	PendingEvent pending(AllianceEvent event, long aggregateVersion, PendingEvent.Audit audit) {
		EventType type = event.type();
		return new PendingEvent(UUID.randomUUID().toString(), type.ceType(), type.topic(), event.key(), event.subject(),
				this.clock.instant(), this.json.writeValueAsString(event), this.traces.current(), aggregateVersion,
				audit);
	}

	/** A change that is audited but published nowhere. */
	PendingEvent auditOnly(String aggregateId, long aggregateVersion, PendingEvent.Audit audit) {
		return new PendingEvent(UUID.randomUUID().toString(), null, null, aggregateId, aggregateId,
				this.clock.instant(), null, this.traces.current(), aggregateVersion, audit);
	}

}
