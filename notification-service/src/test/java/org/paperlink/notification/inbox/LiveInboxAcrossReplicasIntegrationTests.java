package org.paperlink.notification.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperlink.notification.NotificationServiceApplication;
import org.paperlink.notification.routing.Recipient;
import org.paperlink.notification.support.NotificationIntegrationTest;
import org.paperlink.notification.support.NotificationTestInitializer;
import org.paperlink.notification.support.Tokens;
import org.paperlink.testsupport.InfrastructureInitializer;
import reactor.core.Disposable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas of notification-service on one broker and one store: this test's context
 * (replica A) and a second one started beside it (replica B). A reader's live stream
 * shows every entry whichever replica wrote it, and resumes on either replica with
 * {@code Last-Event-ID}, with nothing missed and nothing repeated.
 */
@NotificationIntegrationTest
class LiveInboxAcrossReplicasIntegrationTests {

	private static ConfigurableApplicationContext replicaB;

	@Autowired
	private Inbox inbox;

	@Autowired
	private ApplicationContext replicaA;

	@LocalServerPort
	private int portA;

	@BeforeAll
	static void startReplicaB() {
		replicaB = new SpringApplicationBuilder(NotificationServiceApplication.class).profiles("test")
			.initializers(new InfrastructureInitializer(), new NotificationTestInitializer())
			.properties("server.port=0")
			.run();
	}

	@AfterAll
	static void stopReplicaB() {
		replicaB.close();
	}

	@Test
	void aReaderOnReplicaBSeesWhatReplicaAWroteAndResumesOnAWithNothingMissedOrRepeated() {
		whenBothReplicasFollowTheLiveTopic();
		String member = UUID.randomUUID().toString();
		Map<String, Instant> written = new ConcurrentHashMap<>();

		Captured onB = follow(portOf(replicaB), Tokens.member(member), null);
		await().atMost(Duration.ofSeconds(10)).until(() -> onB.connected);
		for (int i = 1; i <= 5; i++) {
			writeOnA(member, "实时第" + i + "条", written);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> onB.notifications().size() == 5);
		onB.stop();
		assertThat(onB.titles()).containsExactly("实时第1条", "实时第2条", "实时第3条", "实时第4条", "实时第5条");
		onB.notifications()
			.forEach((event) -> assertThat(Duration.between(written.get(title(event)), onB.arrivedAt.get(event.id())))
				.as("%s from A's write to B's reader", title(event))
				.isLessThan(Duration.ofSeconds(1)));

		String lastSeen = onB.notifications().get(4).id();
		for (int i = 1; i <= 3; i++) {
			writeOnA(member, "断线期间第" + i + "条", written);
		}
		Captured onA = follow(this.portA, Tokens.member(member), lastSeen);
		await().atMost(Duration.ofSeconds(10)).until(() -> onA.notifications().size() == 3);
		writeOnA(member, "重连之后", written);
		await().atMost(Duration.ofSeconds(5)).until(() -> onA.notifications().size() >= 4);
		onA.stop();

		assertThat(onA.titles()).containsExactly("断线期间第1条", "断线期间第2条", "断线期间第3条", "重连之后");
		assertThat(onA.notifications().stream().map((event) -> Long.parseLong(event.id())).toList()).isSorted()
			.doesNotHaveDuplicates()
			.allMatch((offset) -> offset > Long.parseLong(lastSeen));
	}

	/**
	 * Issue 33, item 2: a stream that ends before any entry came (its token expired, its
	 * replica restarted) is resumed from where it opened, on any replica, and what was
	 * written in the gap arrives.
	 */
	@Test
	void aQuietStreamThatEndsIsResumedFromWhereItOpenedWithNothingMissed() {
		whenBothReplicasFollowTheLiveTopic();
		String member = UUID.randomUUID().toString();
		Map<String, Instant> written = new ConcurrentHashMap<>();
		Captured quiet = follow(portOf(replicaB), Tokens.member(member), null);
		await().atMost(Duration.ofSeconds(10)).until(() -> quiet.connected);
		quiet.stop();
		assertThat(quiet.openedAt).as("the opening comment's id").isNotNull();
		assertThat(quiet.notifications()).isEmpty();

		writeOnA(member, "空档第1条", written);
		writeOnA(member, "空档第2条", written);
		Captured resumed = follow(this.portA, Tokens.member(member), quiet.openedAt);
		await().atMost(Duration.ofSeconds(10)).until(() -> resumed.notifications().size() == 2);
		resumed.stop();
		assertThat(resumed.titles()).containsExactly("空档第1条", "空档第2条");
		assertThat(resumed.resyncs).isZero();
	}

	@Test
	void theStreamSaysWhenToReconnectAndAnUnknownLastEventIdGetsResync() {
		Captured reader = follow(this.portA, Tokens.member(UUID.randomUUID().toString()), "an-old-entry-id");
		await().atMost(Duration.ofSeconds(10)).until(() -> reader.resyncs > 0);
		reader.stop();
		assertThat(reader.retry).isEqualTo(Duration.ofSeconds(3));
	}

	private void whenBothReplicasFollowTheLiveTopic() {
		for (ApplicationContext replica : List.of(this.replicaA, replicaB)) {
			KafkaListenerEndpointRegistry listeners = replica.getBean(KafkaListenerEndpointRegistry.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				var assigned = listeners.getListenerContainer("inbox-live").getAssignedPartitions();
				return assigned != null && !assigned.isEmpty();
			});
		}
	}

	private void writeOnA(String member, String title, Map<String, Instant> written) {
		written.put(title, Instant.now());
		this.inbox
			.deliver(List.of(new Inbox.Told(UUID.randomUUID().toString(), "org.paperlink.test.v1", member,
					List.of(new Notification(Recipient.member(member), title, "正文", false)))))
			.block(Duration.ofSeconds(10));
	}

	private static int portOf(ApplicationContext replica) {
		return Integer.parseInt(replica.getEnvironment().getProperty("local.server.port"));
	}

	private static String title(ServerSentEvent<Map<String, Object>> event) {
		return (String) event.data().get("title");
	}

	private static Captured follow(int port, String token, String lastEventId) {
		Captured captured = new Captured();
		captured.subscription = WebClient.create("http://localhost:" + port)
			.get()
			.uri("/api/v1/inbox/stream")
			.header(HttpHeaders.AUTHORIZATION, token)
			.headers((headers) -> {
				if (lastEventId != null) {
					headers.set("Last-Event-ID", lastEventId);
				}
			})
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {
			})
			.subscribe(captured::take);
		return captured;
	}

	/** What one SSE reader received, and when. */
	private static final class Captured {

		final List<ServerSentEvent<Map<String, Object>>> events = new CopyOnWriteArrayList<>();

		final Map<String, Instant> arrivedAt = new ConcurrentHashMap<>();

		volatile boolean connected;

		/** The id of the stream's opening comment: where it starts from. */
		volatile String openedAt;

		volatile int resyncs;

		volatile Duration retry;

		Disposable subscription;

		void take(ServerSentEvent<Map<String, Object>> event) {
			if ("connected".equals(event.comment())) {
				this.openedAt = event.id();
				this.connected = true;
				this.retry = event.retry();
			}
			if ("resync".equals(event.event())) {
				this.resyncs++;
			}
			if ("notification".equals(event.event())) {
				this.arrivedAt.put(event.id(), Instant.now());
				this.events.add(event);
			}
		}

		List<ServerSentEvent<Map<String, Object>>> notifications() {
			return new ArrayList<>(this.events);
		}

		List<String> titles() {
			return notifications().stream().map(LiveInboxAcrossReplicasIntegrationTests::title).toList();
		}

		void stop() {
			this.subscription.dispose();
		}

	}

}
