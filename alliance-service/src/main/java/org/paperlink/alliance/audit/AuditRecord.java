package org.paperlink.alliance.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One state change: who made it, when, on what, what it was before and after, and the
 * request that made it. Records are only ever inserted.
 *
 * @param action such as {@code registration.approved} or {@code capacity.reported}
 * @param targetType member, project, notice, account…
 */
@Document(AuditRecord.COLLECTION)
public record AuditRecord(@Id String id, Instant at, String actor, List<String> actorRoles, String action,
		String targetType, String targetId, Map<String, Object> before, Map<String, Object> after, String requestId) {

	static final String COLLECTION = "audit";

}
