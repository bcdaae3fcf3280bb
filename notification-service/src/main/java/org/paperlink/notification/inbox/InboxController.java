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
import org.paperlink.platform.BearerTokens;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1/inbox")
@Tag(name = "站内信 Inbox")
class InboxController {

	private static final Duration HEARTBEAT = Duration.ofSeconds(15);

	private final Inbox inbox;

	private final ReadHook readHook;

	private final LiveInboxProperties live;

	private final BearerTokens tokens;

	InboxController(Inbox inbox, ReadHook readHook, LiveInboxProperties live, BearerTokens tokens) {
		this.inbox = inbox;
		this.tokens = tokens;
		this.readHook = readHook;
		this.live = live;
	}

	@GetMapping
	@Operation(operationId = "listInbox", summary = "我的通知 My notifications",
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
				.flatMap((item) -> this.readHook.onRead(item, user).thenReturn(item)));
	}

	@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "实时通知流 Live notifications (SSE)",
			description = "Each new notification as an event named 'notification', whose id is its place in the stream: "
					+ "reconnect with Last-Event-ID, on any replica, to be sent exactly what came after it. The stream "
					+ "opens with a comment carrying the id of the place it starts from, so that a stream that ends "
					+ "before any notification came is resumed from there too. "
					+ "An event named 'resync' says the reader fell too far behind (or its Last-Event-ID is too old): "
					+ "reload the inbox; the stream then goes on, or ends for a reader too slow to keep up. "
					+ "A comment every 15 s keeps proxies from closing the stream; 'retry' says when to reconnect. "
					+ "The stream ends when its token expires or is revoked (password or role change, suspension): "
					+ "reconnect with a fresh token.")
	Flux<ServerSentEvent<Object>> stream(
			@RequestHeader(name = "Last-Event-ID", required = false) @Size(max = 40) String lastEventId) {
		return this.tokens.whileTokenValid(SignedInUser.current().flatMapMany((user) -> {
			// the heartbeats end with the stream (a reader ended with resync)
			Sinks.Empty<Void> ended = Sinks.empty();
			Flux<ServerSentEvent<Object>> events = this.inbox.stream(user, lastEventId)
				.map(this::toServerSentEvent)
				.doFinally((signal) -> ended.tryEmitEmpty());
			Flux<ServerSentEvent<Object>> heartbeats = Flux.interval(HEARTBEAT)
				.map((tick) -> ServerSentEvent.builder().comment("heartbeat").build())
				.takeUntilOther(ended.asMono());
			return Flux.merge(events, heartbeats);
		}));
	}

	private ServerSentEvent<Object> toServerSentEvent(LiveInbox.LiveEvent event) {
		if (event instanceof LiveInbox.Opened opened) {
			// no data: a comment with the place the stream starts from, its id
			ServerSentEvent.Builder<Object> connected = ServerSentEvent.builder()
				.comment("connected")
				.retry(this.live.retry());
			return (opened.position() != null) ? connected.id(Long.toString(opened.position())).build()
					: connected.build();
		}
		if (event instanceof LiveInbox.Entry entry) {
			// the entry's JSON as it is: a String is written to the stream without
			// encoding
			return ServerSentEvent.<Object>builder(entry.json())
				.id(Long.toString(entry.offset()))
				.event("notification")
				.build();
		}
		return ServerSentEvent.<Object>builder(Map.of()).event("resync").build();
	}

}
