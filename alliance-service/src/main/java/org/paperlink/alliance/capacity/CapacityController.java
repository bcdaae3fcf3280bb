package org.paperlink.alliance.capacity;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.paperlink.alliance.member.CapacityEntry;
import org.paperlink.alliance.outbox.IfMatch;
import org.paperlink.events.CapacityReported;
import org.paperlink.platform.Problems;
import org.paperlink.platform.Refusal;
import org.paperlink.platform.Role;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "产能 Capacity")
class CapacityController {

	/** The year the alliance was founded: the default start of "capacity added since". */
	private static final String ALLIANCE_FOUNDED = "2022-01-01";

	private final CapacityService capacity;

	private final CapacityQueries queries;

	private final CapacityExport export;

	CapacityController(CapacityService capacity, CapacityQueries queries, CapacityExport export) {
		this.capacity = capacity;
		this.queries = queries;
		this.export = export;
	}

	@PostMapping("/api/v1/members/{id}/capacity-reports")
	@ResponseStatus(HttpStatus.CREATED)
	@Problems({ HttpStatus.CONFLICT, HttpStatus.PRECONDITION_FAILED, HttpStatus.UNPROCESSABLE_ENTITY })
	@Operation(operationId = "reportCapacity", summary = "填报产能 Report capacity",
			description = "The member itself. The new annual capacity of one product it produces; publishes capacity.reported. "
					+ "422 when nothing changes, the category is not one the member produces, or the date is more than a year back. "
					+ IfMatch.DOCUMENTED)
	Mono<ResponseEntity<ReportedCapacity>> report(@PathVariable String id,
			@Valid @RequestBody CapacityReportRequest request,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return SignedInUser.current()
			.flatMap((caller) -> this.capacity.report(id, request, caller))
			.map((filed) -> ResponseEntity.created(URI.create("/api/v1/members/" + id + "/capacity-reports"))
				.body(ReportedCapacity.of(filed)))
			.contextWrite(IfMatch.header(ifMatch));
	}

	@GetMapping("/api/v1/members/{id}/capacity-reports")
	@Operation(summary = "产能变动记录 Capacity history",
			description = "The member itself and the staff; oldest first, for charts.")
	Mono<List<CapacityEntry>> history(@PathVariable String id) {
		return SignedInUser.current()
			.flatMap(
					(caller) -> caller.isMember(id) || caller.hasAny(Role.SECRETARIAT, Role.PARTY_COMMITTEE, Role.ADMIN)
							? this.queries.history(id) : Mono.error(Refusal.forbidden("not-your-enterprise")));
	}

	@GetMapping("/api/v1/capacity/summary")
	@Operation(summary = "产能汇总 Capacity summary",
			description = "Totals by category and by pillar, and the capacity added since a date (default 2022-01-01).")
	Mono<CapacitySummary> summary(@RequestParam(defaultValue = ALLIANCE_FOUNDED) @DateTimeFormat(
			iso = DateTimeFormat.ISO.DATE) LocalDate since) {
		return this.queries.summary(since);
	}

	@GetMapping("/api/v1/capacity/export")
	@ApiResponse(responseCode = "200", description = "Excel 工作簿 Excel workbook",
			content = @Content(mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
	@Operation(operationId = "exportCapacity", summary = "导出产能表 Export capacity (.xlsx)",
			description = "SECRETARIAT, PARTY_COMMITTEE, ADMIN.")
	Mono<ResponseEntity<byte[]>> export() {
		return this.export.workbook();
	}

	record ReportedCapacity(String id, String category, long previousAnnualTonnes, long annualTonnes, long changeTonnes,
			LocalDate effectiveFrom) {

		static ReportedCapacity of(CapacityReported report) {
			return new ReportedCapacity(report.reportId(), report.category(), report.previousAnnualTonnes(),
					report.annualTonnes(), report.changeTonnes(), report.effectiveFrom());
		}

	}

}
