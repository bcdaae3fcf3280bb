package org.paperlink.notification.inbox;

import java.util.List;
import java.time.Duration;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.paperlink.platform.PageResponse;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1/inbox")
@Tag(name = "站内信 Inbox")
class InboxController {

	private static final Duration HEARTBEAT = Duration.ofSeconds(15);

	private final Inbox inbox;

	private final List<ReadHook> readHooks;

	InboxController(Inbox inbox, List<ReadHook> readHooks) {
		this.inbox = inbox;
		this.readHooks = readHooks;
	}

	@GetMapping
	@Operation(summary = "我的通知 My notifications",
			description = "Newest first; unread=true for the unread ones only, urgent=true for the urgent ones, "
					+ "type for one CloudEvents type (the console's urgent panel and latest digest).")
	Mono<PageResponse<InboxItem>> list(@RequestParam(defaultValue = "false") boolean unread,
			@RequestParam(defaultValue = "false") boolean urgent,
			@RequestParam(required = false) @Size(max = 100) @Pattern(regexp = "[a-z0-9.]+") String type,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
		return SignedInUser.current()
			.flatMap((user) -> this.inbox.list(user, new InboxFilter(unread, urgent, type), page, size));
	}

	@GetMapping("/unread-count")
	@Operation(summary = "未读数 Unread count")
	Mono<Map<String, Long>> unreadCount() {
		return SignedInUser.current().flatMap(this.inbox::unreadCount).map((count) -> Map.of("unread", count));
	}

	@PostMapping("/{id}/read")
	@Operation(summary = "标为已读 Mark read",
			description = "Only the owner; marking again keeps the first read time. For a notice, records the read receipt.")
	Mono<InboxItem> read(@PathVariable String id) {
		return SignedInUser.current()
			.flatMap((user) -> this.inbox.markRead(user, id)
				.flatMap((item) -> Flux.fromIterable(this.readHooks)
					.concatMap((hook) -> hook.onRead(item, user))
					.then(Mono.just(item))));
	}

	@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "实时通知流 Live notifications (SSE)",
			description = "Each new notification as an event named 'notification'; a comment every 15 s keeps proxies from closing the stream.")
	Flux<ServerSentEvent<InboxItem>> stream() {
		Flux<ServerSentEvent<InboxItem>> heartbeats = Flux.interval(HEARTBEAT)
			.map((tick) -> ServerSentEvent.<InboxItem>builder().comment("heartbeat").build());
		ServerSentEvent<InboxItem> connected = ServerSentEvent.<InboxItem>builder().comment("connected").build();
		return SignedInUser.current()
			.flatMapMany((user) -> Flux.merge(Flux.just(connected),
					this.inbox.stream(user)
						.map((item) -> ServerSentEvent.builder(item).id(item.id()).event("notification").build()),
					heartbeats));
	}

}
