package org.paperlink.notification.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.paperlink.events.AllianceEvent;
import org.paperlink.events.CapacityReported;
import org.paperlink.events.EventType;
import org.paperlink.events.MatchFound;
import org.paperlink.events.MemberApproved;
import org.paperlink.events.MemberRegistered;
import org.paperlink.events.MemberRejected;
import org.paperlink.events.NoticePublished;
import org.paperlink.events.RenovationRegistered;
import org.paperlink.events.RenovationStatusChanged;
import org.paperlink.events.RosterImported;
import org.paperlink.notification.delivery.Address;
import org.paperlink.notification.delivery.Delivery;
import org.paperlink.notification.delivery.EmailSender;
import org.paperlink.notification.delivery.RobotSenders;
import org.paperlink.notification.delivery.Transport;
import org.paperlink.notification.rendering.RenderedMessage;
import org.paperlink.notification.rendering.Renderer;
import org.paperlink.notification.routing.Channel;
import org.paperlink.notification.routing.CloudEventTypes;
import org.paperlink.notification.routing.PlannedNotification;
import org.paperlink.notification.routing.Router;
import org.paperlink.notification.routing.RoutingRules;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each event says on each channel, pinned: the routing rules and the zh-CN templates
 * applied to one example of every routed event type, written as the inbox shows it, the
 * email's subject and text, and the robots' JSON. A changed text fails here until its
 * golden file (under {@code src/test/resources/golden}) is regenerated on purpose with
 * {@code -Dpaperlink.golden.update=true} and reviewed.
 */
class RenderedMessagesGoldenTests {

	private static final Path GOLDEN = Path.of("src/test/resources/golden");

	private static final Instant AT = Instant.parse("2026-11-30T02:00:00Z");

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private static final Router router = new Router(rules());

	private static final Renderer renderer = new Renderer(JsonMapper.builder().build());

	/** One example of each event type the rules route, urgent where a rule can be. */
	static Map<EventType, AllianceEvent> examples() {
		Map<EventType, AllianceEvent> examples = new LinkedHashMap<>();
		examples.put(EventType.MEMBER_REGISTERED,
				new MemberRegistered("m-1", "东森纸业", "91410183MA44XXXX1X", "PAPERMAKING", List.of("LINERBOARD"),
						List.of("WASTE_PAPER"), 150000, "大隗镇", "李经理", "li@dongsen.test", AT, null));
		examples.put(EventType.MEMBER_ROSTER_IMPORTED,
				new RosterImported("import-1", "联盟名册.xlsx", "secretariat", 36, 2, AT));
		examples.put(EventType.MEMBER_APPROVED,
				new MemberApproved("m-1", "东森纸业", "PAPERMAKING", "MEMBER", "li@dongsen.test", "secretariat", AT));
		examples.put(EventType.MEMBER_REJECTED,
				new MemberRejected("m-2", "某纸品厂", "统一社会信用代码与营业执照不符", "wang@example.test", "secretariat", AT));
		examples.put(EventType.CAPACITY_REPORTED, new CapacityReported("r-1", "m-1", "东森纸业", "PAPERMAKING", "m-lead",
				"LINERBOARD", 150000, 400000, 250000, LocalDate.parse("2027-01-01"), "EXPANSION", null, "dongsen", AT));
		examples.put(EventType.RENOVATION_REGISTERED,
				new RenovationRegistered("p-1", "m-1", "东森纸业", "3号纸机技改", "LINERBOARD", 100000, 260_000_000L,
						"ZHENGZHOU", LocalDate.parse("2027-03-01"), LocalDate.parse("2028-06-30"), AT));
		examples.put(EventType.RENOVATION_STATUS_CHANGED, new RenovationStatusChanged("p-1", "m-1", "东森纸业", "3号纸机技改",
				"UNDER_CONSTRUCTION", "SUSPENDED", "环保整改", "dongsen", AT));
		examples.put(EventType.NOTICE_PUBLISHED, new NoticePublished("n-1", "关于安全生产检查的通知", "请各成员企业于本周五前完成自查。", "URGENT",
				true, 24, List.of("m-1"), "secretariat", AT));
		examples.put(EventType.MATCH_FOUND, new MatchFound("x-1", "l-need", "l-offer", "m-3", "恒丰包装", "m-1", "东森纸业",
				"LINERBOARD", "A级 170g", 0.92, "l-offer", AT));
		return examples;
	}

	static Stream<Arguments> messages() {
		return examples().entrySet().stream().flatMap((example) -> {
			Map<Channel, StringBuilder> byChannel = new TreeMap<>();
			for (PlannedNotification planned : router.route(example.getValue())) {
				RenderedMessage message = renderer.render(planned.template(), Renderer.DEFAULT_LANGUAGE,
						planned.subject(), planned.urgent());
				for (Channel channel : planned.channels()) {
					byChannel.computeIfAbsent(channel, (key) -> new StringBuilder())
						.append("== to ")
						.append(planned.recipient().key())
						.append(planned.urgent() ? " (urgent)" : "")
						.append('\n')
						.append(onChannel(channel, example.getKey(), planned, message));
				}
			}
			return byChannel.entrySet()
				.stream()
				.map((channel) -> Arguments.of(example.getKey().ceType().replace("org.paperlink.", "") + "."
						+ channel.getKey().name().toLowerCase() + ".txt", channel.getValue().toString()));
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("messages")
	void eachEventReadsAsPinnedOnEachChannel(String file, String rendered) throws IOException {
		Path golden = GOLDEN.resolve(file);
		if (Boolean.getBoolean("paperlink.golden.update")) {
			Files.createDirectories(GOLDEN);
			Files.writeString(golden, rendered, StandardCharsets.UTF_8);
		}
		assertThat(golden).as("golden file %s (regenerate with -Dpaperlink.golden.update=true)", golden).exists();
		assertThat(rendered).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
	}

	@Test
	void everyRoutedEventTypeAndChannelHasItsGoldenMessage() throws IOException {
		List<EventType> routed = rules().rules().stream().map(RoutingRules.Rule::event).distinct().toList();
		assertThat(examples().keySet()).containsExactlyInAnyOrderElementsOf(routed);
		List<String> rendered = messages().map((arguments) -> (String) arguments.get()[0]).toList();
		try (Stream<Path> files = Files.list(GOLDEN)) {
			assertThat(files.map((path) -> path.getFileName().toString()))
				.as("golden files without an event and channel that renders them")
				.containsExactlyInAnyOrderElementsOf(rendered);
		}
		assertThat(rendered).contains("capacity.reported.v1.email.txt", "capacity.reported.v1.robot.txt",
				"capacity.reported.v1.inbox.txt");
	}

	/** The message as its channel carries it. */
	private static String onChannel(Channel channel, EventType type, PlannedNotification planned,
			RenderedMessage message) {
		return switch (channel) {
			case INBOX -> message.title() + "\n" + message.body() + "\n\n";
			case EMAIL -> {
				Delivery email = delivery(type, planned, Transport.EMAIL, "party@paperlink.local", message);
				yield "Subject: " + email.title() + "\n\n" + EmailSender.text(email) + "\n\n";
			}
			case ROBOT -> {
				List<String> calls = new ArrayList<>();
				calls.add("-- DingTalk\n" + json(RobotSenders.dingTalkMessage(
						delivery(type, planned, Transport.DINGTALK, "https://oapi.dingtalk.test/robot", message))));
				calls.add("-- WeCom\n" + json(RobotSenders.weComMessage(
						delivery(type, planned, Transport.WECOM, "https://qyapi.weixin.test/robot", message))));
				calls.add("-- webhook\n" + json(RobotSenders.webhookMessage(
						delivery(type, planned, Transport.WEBHOOK, "https://hooks.example.test/paperlink", message))));
				yield String.join("\n", calls) + "\n\n";
			}
		};
	}

	private static Delivery delivery(EventType type, PlannedNotification planned, Transport transport, String address,
			RenderedMessage message) {
		return Delivery.of(new Delivery.About("event-1", type.ceType(), "subject-1", 1L), planned.recipient(),
				new Address(transport, address, null), message, planned.urgent(), AT);
	}

	private static String json(Map<String, Object> body) {
		return JSON.writeValueAsString(sorted(body));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> sorted(Map<String, Object> body) {
		Map<String, Object> sorted = new TreeMap<>();
		body.forEach((key, value) -> sorted.put(key,
				(value instanceof Map<?, ?> map) ? sorted((Map<String, Object>) map) : value));
		return sorted;
	}

	private static RoutingRules rules() {
		try {
			ApplicationConversionService conversions = new ApplicationConversionService();
			conversions.addConverter(new CloudEventTypes());
			return new Binder(ConfigurationPropertySources
				.from(new YamlPropertySourceLoader().load("routing-rules", new ClassPathResource("routing-rules.yml"))),
					null, conversions)
				.bind("paperlink.routing", RoutingRules.class)
				.get();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
