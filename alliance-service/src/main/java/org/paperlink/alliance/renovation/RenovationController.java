package org.paperlink.alliance.renovation;

import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.http.HttpHeaders;
import org.paperlink.alliance.outbox.IfMatch;
import org.paperlink.platform.Problems;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;
import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.paperlink.alliance.export.Spreadsheet;
import org.paperlink.events.Category;
import org.paperlink.events.CodeNames;
import org.paperlink.platform.Role;
import org.paperlink.platform.Refusal;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "技改项目 Renovation projects")
class RenovationController {

	private final RenovationService renovations;

	RenovationController(RenovationService renovations) {
		this.renovations = renovations;
	}

	@PostMapping("/api/v1/members/{id}/renovation-projects")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "registerRenovationProject", summary = "登记技改项目 Register a project",
			description = "The member itself. 201, status PLANNED; publishes renovation.registered. "
					+ IfMatch.DOCUMENTED)
	@Problems({ HttpStatus.PRECONDITION_FAILED })
	Mono<ResponseEntity<RenovationView>> register(@PathVariable String id,
			@Valid @RequestBody RenovationRequests.Register request,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return SignedInUser.current()
			.flatMap((caller) -> this.renovations.register(id, request, caller))
			.map((project) -> ResponseEntity.created(URI.create("/api/v1/renovation-projects/" + project.id()))
				.body(project))
			.contextWrite(IfMatch.header(ifMatch));
	}

	@PostMapping("/api/v1/renovation-projects/{id}/status")
	@Problems({ HttpStatus.CONFLICT, HttpStatus.PRECONDITION_FAILED })
	@Operation(summary = "变更项目状态 Change status",
			description = "The member itself or the SECRETARIAT. PLANNED → APPROVED → UNDER_CONSTRUCTION → COMPLETED → IN_PRODUCTION; "
					+ "any but IN_PRODUCTION may be SUSPENDED, and resumes to where it was. An illegal move is 409 naming the allowed ones. "
					+ "IN_PRODUCTION files the promised capacity report in the same write. " + IfMatch.DOCUMENTED)
	Mono<RenovationView> changeStatus(@PathVariable String id,
			@Valid @RequestBody RenovationRequests.ChangeStatus request,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return SignedInUser.current()
			.flatMap((caller) -> this.renovations.changeStatus(id, request, caller))
			.contextWrite(IfMatch.header(ifMatch));
	}

	@GetMapping("/api/v1/renovation-projects")
	@Operation(operationId = "listRenovationProjects", summary = "技改项目清单 Pipeline",
			description = "Staff see every project, filtered by status and member; a member sees its own.")
	Flux<RenovationView> list(@RequestParam(required = false) String status,
			@RequestParam(required = false) String memberId) {
		return SignedInUser.current()
			.flatMapMany((caller) -> this.renovations.list(status, staff(caller) ? memberId : caller.memberId()));
	}

	@GetMapping("/api/v1/renovation-projects/{id}")
	@Operation(operationId = "getRenovationProject", summary = "技改项目 One project",
			description = "Staff, or the member whose project it is (404 for others).")
	Mono<RenovationView> get(@PathVariable String id) {
		return SignedInUser.current()
			.flatMap((caller) -> this.renovations.get(id)
				.filter((project) -> staff(caller) || caller.isMember(project.memberId()))
				.switchIfEmpty(Mono.error(() -> Refusal.notFound("project-not-found", id))));
	}

	/** Staff see every enterprise's projects; a member sees its own. */
	private static boolean staff(SignedInUser caller) {
		return caller.hasAny(Role.SECRETARIAT, Role.PARTY_COMMITTEE, Role.ADMIN);
	}

	@GetMapping("/api/v1/renovation-projects/export")
	@ApiResponse(responseCode = "200", description = "Excel 工作簿 Excel workbook",
			content = @Content(mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
	@Operation(operationId = "exportRenovationProjects", summary = "导出项目清单 Export the pipeline (.xlsx)",
			description = "SECRETARIAT, PARTY_COMMITTEE, ADMIN.")
	Mono<ResponseEntity<byte[]>> export() {
		return this.renovations.list(null, null)
			.collectList()
			.flatMap((projects) -> new Spreadsheet()
				.sheet("技改项目", List.of("项目名称", "企业名称", "产品类别", "新增产能（吨/年）", "总投资（元）", "重点项目", "计划开工", "计划完工", "状态"),
						projects.stream()
							.map((project) -> List.<Object>of(project.title(), project.enterpriseName(),
									Category.valueOf(project.category()).nameZh(), project.addedCapacityTonnes(),
									project.investmentYuan(), CodeNames.zh(project.keyProjectLevel()),
									project.plannedStart().toString(), project.plannedCompletion().toString(),
									CodeNames.zh(project.status())))
							.toList())
				.download("纸联-技改项目.xlsx"));
	}

}
