package org.paperlink.notification.consumer;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "死信 Dead letters")
class DeadLetterController {

	private final DeadLetterReplay replay;

	DeadLetterController(DeadLetterReplay replay) {
		this.replay = replay;
	}

	@PostMapping("/api/v1/dead-letters/{topic}/replay")
	@Operation(summary = "重放死信 Replay dead letters",
			description = "ADMIN. Once the cause is fixed: every record of <topic>-dlt not replayed before goes back to <topic> "
					+ "with its original key, value and CloudEvents headers. Effects are keyed by event id, so nothing doubles.")
	Mono<DeadLetterReplay.Result> replay(@PathVariable String topic) {
		return this.replay.replay(topic);
	}

}
