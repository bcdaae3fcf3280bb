package org.paperlink.alliance.structure;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "联盟概况 Alliance")
class AllianceController {

	private final AllianceOverviewService overview;

	AllianceController(AllianceOverviewService overview) {
		this.overview = overview;
	}

	@GetMapping("/api/v1/alliance")
	@Operation(summary = "联盟概况 The alliance",
			description = "Public. The Party committee, the four pillars with their lead and member count, the member total and the capacity total.")
	Mono<AllianceOverview> alliance() {
		return this.overview.overview();
	}

}
