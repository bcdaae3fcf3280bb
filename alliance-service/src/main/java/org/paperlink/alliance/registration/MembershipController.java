package org.paperlink.alliance.registration;

import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.http.HttpHeaders;
import org.paperlink.alliance.outbox.IfMatch;
import org.springframework.http.HttpStatus;
import org.paperlink.platform.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.paperlink.alliance.member.MemberDirectory;
import org.paperlink.alliance.member.MemberView;
import org.paperlink.platform.PlainText;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "会籍管理 Membership")
class MembershipController {

	private final Suspensions suspensions;

	private final MemberDirectory directory;

	MembershipController(Suspensions suspensions, MemberDirectory directory) {
		this.suspensions = suspensions;
		this.directory = directory;
	}

	@PostMapping("/api/v1/members/{id}/suspend")
	@Problems({ HttpStatus.CONFLICT, HttpStatus.PRECONDITION_FAILED })
	@Operation(summary = "暂停成员资格 Suspend a member",
			description = "SECRETARIAT, with a reason. The enterprise can no longer sign in and its tokens stop working. "
					+ IfMatch.DOCUMENTED)
	Mono<MemberView> suspend(@PathVariable String id, @Valid @RequestBody Suspension suspension,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return SignedInUser.current()
			.flatMap((secretary) -> this.suspensions.suspend(id, suspension.reason().strip(), secretary)
				.map((member) -> this.directory.view(member, secretary)))
			.contextWrite(IfMatch.header(ifMatch));
	}

	@PostMapping("/api/v1/members/{id}/reinstate")
	@Problems({ HttpStatus.CONFLICT, HttpStatus.PRECONDITION_FAILED })
	@Operation(summary = "恢复成员资格 Reinstate a member", description = "SECRETARIAT. " + IfMatch.DOCUMENTED)
	Mono<MemberView> reinstate(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return SignedInUser.current()
			.flatMap((secretary) -> this.suspensions.reinstate(id, secretary)
				.map((member) -> this.directory.view(member, secretary)))
			.contextWrite(IfMatch.header(ifMatch));
	}

	record Suspension(@NotBlank @Size(max = 500) @Pattern(regexp = PlainText.SINGLE_LINE,
			message = "{PlainText}") String reason) {

	}

}
