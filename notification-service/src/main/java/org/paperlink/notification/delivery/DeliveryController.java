package org.paperlink.notification.delivery;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.paperlink.platform.PageResponse;
import reactor.core.publisher.Mono;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@Tag(name = "投递记录 Deliveries")
class DeliveryController {

	private final Deliveries deliveries;

	DeliveryController(Deliveries deliveries) {
		this.deliveries = deliveries;
	}

	@GetMapping("/api/v1/deliveries")
	@Operation(operationId = "listDeliveries", summary = "投递记录 Delivery records",
			description = "ADMIN. Per channel, with attempts and the last error; newest first.")
	Mono<PageResponse<DeliveryView>> list(@RequestParam(required = false) DeliveryStatus status,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
		return this.deliveries.list(status, page, size);
	}

}
