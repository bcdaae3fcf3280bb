package org.paperlink.notification.delivery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Group robots and webhooks: DingTalk (signed with HmacSHA256 over
 * {@code timestamp\nsecret}), WeCom, and a generic JSON webhook. A non-2xx answer, or a
 * robot's non-zero {@code errcode}, is a failure to retry.
 */
@Component
public class RobotSenders {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final WebClient http;

	private final Clock clock;

	RobotSenders(WebClient.Builder http, Clock clock) {
		this.http = http.build();
		this.clock = clock;
	}

	ChannelSender dingTalk() {
		return new Sender(Transport.DINGTALK, (delivery) -> {
			String url = delivery.address();
			if (delivery.secret() != null && !delivery.secret().isBlank()) {
				long timestamp = this.clock.millis();
				url += (url.contains("?") ? "&" : "?") + "timestamp=" + timestamp + "&sign="
						+ URLEncoder.encode(dingTalkSign(timestamp, delivery.secret()), StandardCharsets.UTF_8);
			}
			return postExpectingErrcodeZero(url, delivery, dingTalkMessage(delivery));
		});
	}

	ChannelSender weCom() {
		return new Sender(Transport.WECOM,
				(delivery) -> postExpectingErrcodeZero(delivery.address(), delivery, weComMessage(delivery)));
	}

	ChannelSender webhook() {
		return new Sender(Transport.WEBHOOK,
				(delivery) -> this.http.post()
					.uri(delivery.address())
					.header(ChannelSender.EVENT_ID_HEADER, delivery.eventId())
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(webhookMessage(delivery))
					.retrieve()
					.toBodilessEntity()
					.timeout(TIMEOUT)
					.then());
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
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] signature = mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(signature);
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
