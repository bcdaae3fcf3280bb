package org.paperlink.alliance.notice;

import org.paperlink.platform.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;
import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "通知公告 Notices")
class NoticeController {

	private final NoticeService notices;

	NoticeController(NoticeService notices) {
		this.notices = notices;
	}

	@PostMapping("/api/v1/notices")
	@ResponseStatus(HttpStatus.CREATED)
	@Problems({ HttpStatus.UNPROCESSABLE_ENTITY })
	@Operation(operationId = "publishNotice", summary = "发布通知 Publish a notice",
			description = "SECRETARIAT. Audience ALL, PILLARS or MEMBERS; NORMAL or URGENT; optionally requiring acknowledgement, "
					+ "with an automatic reminder after N hours, and a scheduled publish time. Markup in title and body is removed; the rest is kept as typed (plain text).")
	Mono<ResponseEntity<View>> publish(@Valid @RequestBody NoticeRequest request) {
		return SignedInUser.current()
			.flatMap((secretary) -> this.notices.create(request, secretary))
			.map((notice) -> ResponseEntity.created(URI.create("/api/v1/notices/" + notice.id()))
				.body(View.of(notice)));
	}

	@GetMapping("/api/v1/notices")
	@Operation(operationId = "listNotices", summary = "通知列表 Notices",
			description = "A member sees the published notices addressed to it; staff see all.")
	Flux<View> list() {
		return SignedInUser.current().flatMapMany(this.notices::visibleTo).map(View::of);
	}

	@GetMapping("/api/v1/notices/{id}")
	@Operation(operationId = "getNotice", summary = "通知 One notice")
	Mono<View> get(@PathVariable String id) {
		return SignedInUser.current().flatMap((caller) -> this.notices.get(id, caller)).map(View::of);
	}

	record View(String id, String title, String body, Notice.Audience audience, String priority, boolean requiresAck,
			Integer remindAfterHours, String status, Instant publishAt, Instant publishedAt, int audienceSize,
			String createdBy, Instant createdAt) {

		static View of(Notice notice) {
			List<String> audience = notice.audienceMemberIds();
			return new View(notice.id(), notice.title(), notice.body(), notice.audience(), notice.priority(),
					notice.requiresAck(), notice.remindAfterHours(), notice.status().name(), notice.publishAt(),
					notice.publishedAt(), (audience != null) ? audience.size() : 0, notice.createdBy(),
					notice.createdAt());
		}

	}

}
