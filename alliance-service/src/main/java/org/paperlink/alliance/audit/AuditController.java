package org.paperlink.alliance.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.paperlink.platform.PageResponse;
import reactor.core.publisher.Mono;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@Tag(name = "审计 Audit")
class AuditController {

	private final AuditTrail trail;

	AuditController(AuditTrail trail) {
		this.trail = trail;
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
		return this.trail.search(actor, action, targetId, requestId, page, size);
	}

}
