package org.paperlink.alliance.member;

import org.springframework.http.HttpStatus;
import org.paperlink.platform.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.paperlink.alliance.outbox.IfMatch;
import org.paperlink.platform.PageResponse;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1/members")
@Tag(name = "成员企业 Members")
class MemberController {

	private final MemberDirectory directory;

	private final MemberProfiles profiles;

	MemberController(MemberDirectory directory, MemberProfiles profiles) {
		this.directory = directory;
		this.profiles = profiles;
	}

	@GetMapping
	@Operation(summary = "成员名录 Member directory",
			description = "Active members by pillar and name. Contact details only for the secretariat, the Party committee and the member itself.")
	Mono<PageResponse<MemberView>> directory(@RequestParam(required = false) String pillar,
			@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
		return SignedInUser.current().flatMap((caller) -> this.directory.activeMembers(pillar, q, page, size, caller));
	}

	@PatchMapping("/{id}")
	@Problems({ HttpStatus.CONFLICT, HttpStatus.PRECONDITION_FAILED })
	@Operation(summary = "更新企业档案 Update the profile",
			description = "The member itself: contact, village, address and what it consumes; a field left out stays. "
					+ "Publishes member.updated naming the changed fields. " + IfMatch.DOCUMENTED)
	Mono<ResponseEntity<MemberView>> change(@PathVariable String id, @Valid @RequestBody ProfileChange change,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return SignedInUser.current()
			.flatMap((caller) -> this.profiles.change(id, change, caller).map((member) -> versioned(member, caller)))
			.contextWrite(IfMatch.header(ifMatch));
	}

	@GetMapping("/{id}")
	@Operation(summary = "企业档案 Member profile",
			description = "The member itself, the secretariat or the Party committee. Its ETag is the member's version, "
					+ "for If-Match on the commands that change it.")
	Mono<ResponseEntity<MemberView>> profile(@PathVariable String id) {
		return SignedInUser.current()
			.flatMap((caller) -> this.directory.readable(id, caller).map((member) -> versioned(member, caller)));
	}

	private ResponseEntity<MemberView> versioned(Member member, SignedInUser caller) {
		return ResponseEntity.ok().eTag(IfMatch.etag(member.version())).body(this.directory.view(member, caller));
	}

}
