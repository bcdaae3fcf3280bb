package org.paperlink.alliance.registration;

import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.http.HttpHeaders;
import org.paperlink.alliance.outbox.IfMatch;
import org.paperlink.platform.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;
import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.paperlink.alliance.member.MemberDirectory;
import org.paperlink.alliance.member.MemberStatus;
import org.paperlink.alliance.member.MemberView;
import org.paperlink.platform.PageResponse;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1/registrations")
@Tag(name = "入盟申请 Registrations")
class RegistrationController {

	private final RegistrationService registrations;

	private final MemberDirectory directory;

	RegistrationController(RegistrationService registrations, MemberDirectory directory) {
		this.registrations = registrations;
		this.directory = directory;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Problems({ HttpStatus.CONFLICT })
	@Operation(operationId = "register", summary = "企业自助申请入盟 Self-registration",
			description = "Public. 201 with the application id (the future member id) and status PENDING; "
					+ "400 with field errors for an invalid USCC or phone; 409 when the USCC or username is taken.")
	Mono<ResponseEntity<Decisions.Registered>> register(@Valid @RequestBody RegistrationRequest request) {
		return this.registrations.register(request)
			.map((member) -> ResponseEntity.created(URI.create("/api/v1/members/" + member.id()))
				.body(new Decisions.Registered(member.id(), member.status().name())));
	}

	@GetMapping
	@Operation(summary = "申请列表 Applications", description = "SECRETARIAT. Defaults to the pending ones.")
	Mono<PageResponse<MemberView>> applications(@RequestParam(defaultValue = "PENDING") MemberStatus status,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
		return SignedInUser.current()
			.flatMap((secretary) -> this.directory.list(status, null, null, page, size, secretary));
	}

	@PostMapping("/{id}/approve")
	@Problems({ HttpStatus.CONFLICT, HttpStatus.PRECONDITION_FAILED })
	@Operation(summary = "批准入盟 Approve",
			description = "SECRETARIAT. May set the pillar and the tier (MEMBER or PILLAR_LEAD). " + IfMatch.DOCUMENTED)
	Mono<MemberView> approve(@PathVariable String id, @Valid @RequestBody(required = false) Decisions.Approval body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		Decisions.Approval approval = (body != null) ? body : new Decisions.Approval(null, null);
		return SignedInUser.current()
			.flatMap((secretary) -> this.registrations.approve(id, approval, secretary))
			.contextWrite(IfMatch.header(ifMatch));
	}

	@PostMapping("/{id}/reject")
	@Problems({ HttpStatus.CONFLICT, HttpStatus.PRECONDITION_FAILED })
	@Operation(summary = "驳回申请 Reject", description = "SECRETARIAT. A reason is required. " + IfMatch.DOCUMENTED)
	Mono<MemberView> reject(@PathVariable String id, @Valid @RequestBody Decisions.Rejection rejection,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return SignedInUser.current()
			.flatMap((secretary) -> this.registrations.reject(id, rejection, secretary))
			.contextWrite(IfMatch.header(ifMatch));
	}

}
