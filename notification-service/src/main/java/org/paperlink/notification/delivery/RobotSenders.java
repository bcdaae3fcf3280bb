package org.paperlink.notification.delivery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Group robots and webhooks: DingTalk (signed with HmacSHA256 over
 * {@code timestamp\nsecret}), WeCom, and a generic JSON webhook (signed, when its robot
 * has a secret, with HmacSHA256 over {@code timestamp.body} in
 * {@value #SIGNATURE_HEADER}, the timestamp in {@value #TIMESTAMP_HEADER}). The robot's
 * URL and secret are found when it is sent ({@link RobotDirectory}), never read from the
 * delivery record. A non-2xx answer, or a robot's non-zero {@code errcode}, is a failure
 * to retry.
 */
@Component
public class RobotSenders {

	/** A generic webhook's signature: {@code v1=} and the hex HmacSHA256. */
	public static final String SIGNATURE_HEADER = "X-PaperLink-Signature";

	/** Seconds since the epoch when a generic webhook's call was signed. */
	public static final String TIMESTAMP_HEADER = "X-PaperLink-Timestamp";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final WebClient http;

	private final Clock clock;

	private final RobotDirectory robots;

	private final JsonMapper json;

	RobotSenders(WebClient.Builder http, Clock clock, RobotDirectory robots, JsonMapper json) {
		this.http = http.build();
		this.clock = clock;
		this.robots = robots;
		this.json = json;
	}

	ChannelSender dingTalk() {
		return new Sender(Transport.DINGTALK, (delivery) -> robotOf(delivery).flatMap((robot) -> {
			String url = robot.url();
			if (robot.secret() != null && !robot.secret().isBlank()) {
				long timestamp = this.clock.millis();
				url += (url.contains("?") ? "&" : "?") + "timestamp=" + timestamp + "&sign="
						+ URLEncoder.encode(dingTalkSign(timestamp, robot.secret()), StandardCharsets.UTF_8);
			}
			return postExpectingErrcodeZero(url, delivery, dingTalkMessage(delivery));
		}));
	}

	ChannelSender weCom() {
		return new Sender(Transport.WECOM, (delivery) -> robotOf(delivery)
			.flatMap((robot) -> postExpectingErrcodeZero(robot.url(), delivery, weComMessage(delivery))));
	}

	ChannelSender webhook() {
		return new Sender(Transport.WEBHOOK, (delivery) -> robotOf(delivery).flatMap((robot) -> {
			// signed over the very bytes sent
			String body = this.json.writeValueAsString(webhookMessage(delivery));
			WebClient.RequestBodySpec request = this.http.post()
				.uri(java.net.URI.create(robot.url()))
				.header(ChannelSender.EVENT_ID_HEADER, delivery.eventId())
				.contentType(MediaType.APPLICATION_JSON);
			if (robot.secret() != null && !robot.secret().isBlank()) {
				String timestamp = Long.toString(this.clock.instant().getEpochSecond());
				request = request.header(TIMESTAMP_HEADER, timestamp)
					.header(SIGNATURE_HEADER, "v1=" + webhookSignature(robot.secret(), timestamp, body));
			}
			return request.bodyValue(body).retrieve().toBodilessEntity().timeout(TIMEOUT).then();
		}));
	}

	/**
	 * The robot a delivery goes to. A record written before robots were looked up holds
	 * its URL itself ({@link RobotAddressMigration} rewrites those at start).
	 */
	private Mono<RobotDirectory.Robot> robotOf(Delivery delivery) {
		if (delivery.robot() == null) {
			// found by its URL, so that a DingTalk robot's signing secret is used; one no
			// longer configured is tried as it was written
			return this.robots.find(delivery.recipient(), RobotDirectory.idOf(delivery.channel(), delivery.address()))
				.defaultIfEmpty(new RobotDirectory.Robot(delivery.channel(), delivery.address(), null));
		}
		return this.robots.find(delivery.recipient(), delivery.robot())
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("机器人已不在配置中 the robot " + delivery.robot()
					+ " is no longer configured for " + delivery.recipient())));
	}

	/**
	 * A generic webhook's signature: hex HmacSHA256, keyed by the secret, over
	 * "timestamp.body". A receiver recomputes it and refuses a stale timestamp.
	 */
	public static String webhookSignature(String secret, String timestamp, String body) {
		return HexFormat.of().formatHex(hmacSha256(secret, timestamp + "." + body));
	}

	/** A DingTalk robot's markdown message. */
	public static Map<String, Object> dingTalkMessage(Delivery delivery) {
		return Map.of("msgtype", "markdown", "markdown",
				Map.of("title", delivery.title(), "text", "#### " + delivery.title() + "\n\n" + delivery.body()));
	}

	/** A WeCom robot's markdown message. */
	public static Map<String, Object> weComMessage(Delivery delivery) {
		return Map.of("msgtype", "markdown", "markdown",
				Map.of("content", "**" + delivery.title() + "**\n> " + delivery.body()));
	}

	/** A generic webhook's JSON body. */
	public static Map<String, Object> webhookMessage(Delivery delivery) {
		return Map.of("eventId", delivery.eventId(), "eventType", delivery.eventType(), "recipient",
				delivery.recipient(), "title", delivery.title(), "body", delivery.body(), "urgent", delivery.urgent());
	}

	/**
	 * DingTalk's signature: Base64 of HmacSHA256, keyed by the secret, over
	 * "timestamp\nsecret".
	 */
	static String dingTalkSign(long timestamp, String secret) {
		return Base64.getEncoder().encodeToString(hmacSha256(secret, timestamp + "\n" + secret));
	}

	private static byte[] hmacSha256(String key, String text) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Mono<Void> postExpectingErrcodeZero(String url, Delivery delivery, Map<String, Object> body) {
		return this.http.post()
			.uri(java.net.URI.create(url))
			.header(ChannelSender.EVENT_ID_HEADER, delivery.eventId())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.retrieve()
			.bodyToMono(Map.class)
			.timeout(TIMEOUT)
			.flatMap((answer) -> {
				Object errcode = answer.get("errcode");
				return (errcode == null || "0".equals(errcode.toString())) ? Mono.empty() : Mono.error(
						new IllegalStateException("robot answered errcode " + errcode + ": " + answer.get("errmsg")));
			});
	}

	private record Sender(Transport transport,
			java.util.function.Function<Delivery, Mono<Void>> sending) implements ChannelSender {

		@Override
		public Mono<Void> send(Delivery delivery) {
			return this.sending.apply(delivery);
		}

	}

}
