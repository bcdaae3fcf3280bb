package org.paperlink.notification.preferences;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.paperlink.notification.routing.Recipient;
import org.paperlink.platform.DomainProblem;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "通知偏好 Preferences")
class PreferencesController {

	/** Shown to the user: what can never be muted. */
	private static final List<String> MANDATORY = List.of("CAPACITY（紧急：单次变动≥10万吨/年）", "RENOVATION（项目暂停）");

	private final PreferenceService preferences;

	PreferencesController(PreferenceService preferences) {
		this.preferences = preferences;
	}

	@GetMapping("/api/v1/preferences")
	@Operation(operationId = "getPreferences", summary = "我的通知偏好 My preferences",
			description = "Channels per category; a category not listed gets every channel.")
	Mono<View> get() {
		return SignedInUser.current().flatMap((user) -> this.preferences.of(owner(user))).map(View::of);
	}

	@PutMapping("/api/v1/preferences")
	@Operation(operationId = "putPreferences", summary = "设置通知偏好 Set preferences",
			description = "Channels (INBOX, EMAIL, ROBOT) per category. Urgent capacity changes and suspended projects are delivered whatever is set here.")
	Mono<View> put(@Valid @RequestBody Update update) {
		update.channels().forEach((category, channels) -> {
			if (!PreferenceService.CATEGORIES.contains(category)) {
				throw DomainProblem.onField(HttpStatus.BAD_REQUEST, "unknown-category", "channels." + category,
						category, String.join(", ", PreferenceService.CATEGORIES));
			}
			channels.stream()
				.filter((channel) -> !PreferenceService.CHANNELS.contains(channel))
				.findFirst()
				.ifPresent((channel) -> {
					throw DomainProblem.onField(HttpStatus.BAD_REQUEST, "unknown-channel", "channels." + category,
							channel, String.join(", ", PreferenceService.CHANNELS));
				});
		});
		return SignedInUser.current()
			.flatMap((user) -> this.preferences.save(new Preferences(owner(user).key(), update.channels(),
					(update.language() != null) ? update.language() : "zh-CN")))
			.map(View::of);
	}

	/** A member's preferences are its enterprise's; staff share their role's. */
	private static Recipient owner(SignedInUser user) {
		List<String> keys = Recipient.keysOf(user);
		if (keys.isEmpty()) {
			throw DomainProblem.forbidden("forbidden");
		}
		return Recipient.parse(keys.get(0));
	}

	record Update(@NotNull Map<String, List<String>> channels, @Pattern(regexp = "zh-CN|en") String language) {

	}

	record View(String recipient, Map<String, List<String>> channels, String language, List<String> categories,
			List<String> availableChannels, List<String> mandatory) {

		static View of(Preferences preferences) {
			return new View(preferences.recipient(), preferences.channels(), preferences.language(),
					PreferenceService.CATEGORIES, PreferenceService.CHANNELS, MANDATORY);
		}

	}

}
