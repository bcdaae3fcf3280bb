package org.paperlink.notification.preferences;

import java.util.List;
import java.util.Map;

import org.paperlink.notification.inbox.Recipient;
import org.paperlink.notification.routing.NotificationTemplates;
import org.paperlink.notification.routing.PlannedNotification;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Service;

/** Applies recipients' preferences; mandatory notifications ignore them. */
@Service
public class PreferenceService {

	public static final List<String> CATEGORIES = List.of("MEMBERSHIP", "CAPACITY", "RENOVATION", "NOTICE", "MARKET",
			"DIGEST");

	public static final List<String> CHANNELS = List.of("INBOX", "EMAIL", "ROBOT");

	private final ReactiveMongoTemplate mongo;

	PreferenceService(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	/** The channels this notification goes out on, and the language of its texts. */
	public record Choice(List<String> channels, String language) {

	}

	public Mono<Choice> choose(PlannedNotification planned) {
		return of(planned.recipient()).map((preferences) -> {
			List<String> wanted = preferences.channels().get(planned.category());
			List<String> channels = (planned.mandatory() || wanted == null) ? planned.channels()
					: planned.channels().stream().filter(wanted::contains).toList();
			return new Choice(channels, preferences.language());
		});
	}

	Mono<Preferences> of(Recipient recipient) {
		return this.mongo.findById(recipient.key(), Preferences.class)
			.defaultIfEmpty(new Preferences(recipient.key(), Map.of(), NotificationTemplates.DEFAULT_LANGUAGE));
	}

	Mono<Preferences> save(Preferences preferences) {
		return this.mongo.save(preferences);
	}

}
