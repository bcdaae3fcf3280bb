package org.paperlink.alliance.console;

import java.net.URI;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web console's static pages live under {@code /console/}; this serves the one thing
 * a static page cannot know, and sends visitors of the bare host name to the console.
 */
@RestController
@Tag(name = "控制台 Console")
class ConsoleController {

	private static final URI HOME = URI.create("/console/index.html");

	private final ConsoleProperties properties;

	ConsoleController(ConsoleProperties properties) {
		this.properties = properties;
	}

	@GetMapping("/api/v1/console/settings")
	@Operation(summary = "控制台设置 Console settings",
			description = "Public. Where the console reaches notification-service: empty for the same origin.")
	Mono<Settings> settings() {
		return Mono.just(new Settings(this.properties.notificationUrl()));
	}

	@GetMapping({ "/", "/console", "/console/" })
	@Hidden
	Mono<ResponseEntity<Void>> home() {
		return Mono.just(ResponseEntity.status(HttpStatus.FOUND).location(HOME).build());
	}

	record Settings(String notificationUrl) {

	}

}
