package org.paperlink.notification.market;

import org.paperlink.platform.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;
import java.net.URI;
import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.paperlink.events.Category;
import org.paperlink.platform.PlainText;
import org.paperlink.platform.DomainProblem;
import org.paperlink.platform.KnownCode;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "供需订阅 Saved searches")
class SavedSearchController {

	private final SavedSearches searches;

	SavedSearchController(SavedSearches searches) {
		this.searches = searches;
	}

	@GetMapping("/api/v1/saved-searches")
	@Operation(summary = "我的订阅 My saved searches", description = "MEMBER.")
	Flux<View> mine() {
		return member().flatMapMany(this.searches::ofMember).map(View::of);
	}

	@PostMapping("/api/v1/saved-searches")
	@ResponseStatus(HttpStatus.CREATED)
	@Problems({ HttpStatus.CONFLICT })
	@Operation(operationId = "saveSearch", summary = "保存订阅 Save a search",
			description = "MEMBER. New listings of the category (and side and region, when given) from other members "
					+ "are announced in the inbox at once (INSTANT) or in the next morning's digest (DAILY). "
					+ "At most 20 per enterprise.")
	Mono<ResponseEntity<View>> save(@Valid @RequestBody Request request) {
		return member()
			.flatMap((memberId) -> this.searches.save(memberId, request.category(), request.side(), request.region(),
					AlertDelivery.valueOf(request.delivery())))
			.map((search) -> ResponseEntity.created(URI.create("/api/v1/saved-searches/" + search.searchId()))
				.body(View.of(search)));
	}

	@DeleteMapping("/api/v1/saved-searches/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "deleteSavedSearch", summary = "删除订阅 Delete a saved search",
			description = "MEMBER, its own.")
	Mono<ResponseEntity<Void>> delete(@PathVariable String id) {
		return member().flatMap((memberId) -> this.searches.delete(memberId, id))
			.then(Mono.just(ResponseEntity.noContent().build()));
	}

	private static Mono<String> member() {
		return SignedInUser.current()
			.flatMap((user) -> (user.memberId() != null) ? Mono.just(user.memberId())
					: Mono.error(DomainProblem.forbidden("forbidden")));
	}

	record Request(@NotBlank @KnownCode(Category.class) String category,
			@Pattern(regexp = "OFFER|NEED", message = "{KnownCode}") String side,
			@Size(max = 40) @Pattern(regexp = PlainText.SINGLE_LINE, message = "{PlainText}") String region,
			@NotBlank @KnownCode(AlertDelivery.class) String delivery) {

	}

	record View(String id, String category, String side, String region, String delivery, Instant createdAt) {

		static View of(SavedSearch search) {
			return new View(search.searchId(), search.category(), search.side(), search.region(),
					search.delivery().name(), search.createdAt());
		}

	}

}
