package org.paperlink.alliance.audit;

import java.util.function.Function;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.paperlink.platform.PageResponse;
import org.paperlink.platform.Pages;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@Tag(name = "审计 Audit")
class AuditController {

	private final ReactiveMongoTemplate mongo;

	AuditController(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	@GetMapping("/api/v1/audit")
	@Operation(operationId = "searchAudit", summary = "审计记录 Audit trail",
			description = "ADMIN. Newest first; filter by actor, action, target id or request id.")
	Mono<PageResponse<AuditRecord>> search(@RequestParam(required = false) @Size(max = 64) String actor,
			@RequestParam(required = false) @Size(max = 64) String action,
			@RequestParam(required = false) @Size(max = 64) String targetId,
			@RequestParam(required = false) @Size(max = 64) String requestId,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
		Criteria criteria = new Criteria();
		List<Criteria> filters = new java.util.ArrayList<>();
		if (actor != null) {
			filters.add(Criteria.where("actor").is(actor));
		}
		if (action != null) {
			filters.add(Criteria.where("action").is(action));
		}
		if (targetId != null) {
			filters.add(Criteria.where("targetId").is(targetId));
		}
		if (requestId != null) {
			filters.add(Criteria.where("requestId").is(requestId));
		}
		if (!filters.isEmpty()) {
			criteria = new Criteria().andOperator(filters);
		}
		Query query = Query.query(criteria);
		return Pages.read(this.mongo, query, Sort.by(Sort.Direction.DESC, "at"), AuditRecord.class, Function.identity(),
				page, size);
	}

}
