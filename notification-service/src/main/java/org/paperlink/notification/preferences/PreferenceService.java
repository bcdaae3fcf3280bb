package org.paperlink.notification.preferences;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.paperlink.notification.rendering.Renderer;
import org.paperlink.notification.routing.Channel;
import org.paperlink.notification.routing.NotificationCategory;
import org.paperlink.notification.routing.PlannedNotification;
import org.paperlink.notification.routing.Recipient;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/** Applies recipients' preferences; mandatory notifications ignore them. */
@Service
public class PreferenceService {

	public static final List<String> CATEGORIES = Arrays.stream(NotificationCategory.values()).map(Enum::name).toList();

	public static final List<String> CHANNELS = Arrays.stream(Channel.values()).map(Enum::name).toList();

	private final ReactiveMongoTemplate mongo;

	PreferenceService(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	/** The channels a notification goes out on, and the language of its texts. */
	public record Choice(List<Channel> channels, String language) {

	}

	/**
	 * For each notification, in order, the channels it goes out on and the language of
	 * its texts: every recipient's preferences in one read, however many there are.
	 */
	public Mono<List<Choice>> choose(List<PlannedNotification> planned) {
		List<String> recipients = planned.stream().map((one) -> one.recipient().key()).distinct().toList();
		return this.mongo.find(Query.query(Criteria.where("_id").in(recipients)), Preferences.class)
			.collectMap(Preferences::recipient)
			.map((known) -> planned.stream()
				.map((one) -> choose(one, known.getOrDefault(one.recipient().key(), defaults(one.recipient()))))
				.toList());
	}

	private static Choice choose(PlannedNotification planned, Preferences preferences) {
		List<String> wanted = preferences.channels().get(planned.category().name());
		List<Channel> channels = (planned.mandatory() || wanted == null) ? planned.channels()
				: planned.channels().stream().filter((channel) -> wanted.contains(channel.name())).toList();
		return new Choice(channels, preferences.language());
	}

	private static Preferences defaults(Recipient recipient) {
		return new Preferences(recipient.key(), Map.of(), Renderer.DEFAULT_LANGUAGE);
	}

	Mono<Preferences> of(Recipient recipient) {
		return this.mongo.findById(recipient.key(), Preferences.class).defaultIfEmpty(defaults(recipient));
	}

	Mono<Preferences> save(Preferences preferences) {
		return this.mongo.save(preferences);
	}

}
