package org.paperlink.notification.notice;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "通知回执 Notice receipts")
class NoticesController {

	private final Receipts receipts;

	private final Reminders reminders;

	NoticesController(Receipts receipts, Reminders reminders) {
		this.receipts = receipts;
		this.reminders = reminders;
	}

	@GetMapping("/api/v1/notices/{id}/receipts")
	@Operation(summary = "阅读回执 Receipts",
			description = "SECRETARIAT, PARTY_COMMITTEE. Total, read, who read and when, who has not.")
	Mono<Receipts.ReceiptsView> receipts(@PathVariable String id) {
		return this.receipts.of(id);
	}

	@PostMapping("/api/v1/notices/{id}/reminders")
	@Operation(summary = "提醒未读 Remind the unread",
			description = "SECRETARIAT. A new inbox entry, titled with the notice's title, to each member who has not read it. "
					+ "At most once an hour per notice: 429 with Retry-After otherwise.")
	Mono<Map<String, Object>> remind(@PathVariable String id) {
		return this.reminders.remind(id).map((count) -> Map.of("noticeId", id, "reminded", count));
	}

}
