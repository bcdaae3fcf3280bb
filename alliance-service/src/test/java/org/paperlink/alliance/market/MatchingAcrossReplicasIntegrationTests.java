package org.paperlink.alliance.market;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperlink.alliance.AllianceServiceApplication;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.alliance.support.Api;
import org.paperlink.events.Topics;
import org.paperlink.testsupport.InfrastructureInitializer;
import org.paperlink.testsupport.RecordedTopic;
import org.paperlink.testsupport.TestInfrastructure;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas of alliance-service on one broker and one store: this test's context
 * (replica A) and a second one started beside it (replica B). A need published on A and
 * an offer published on B at the same moment, before either replica has read the other's
 * publication, are matched, and the match is announced once. Counted from the records on
 * the market topic.
 */
@AllianceIntegrationTest
class MatchingAcrossReplicasIntegrationTests {

	private static ConfigurableApplicationContext replicaB;

	private static RecordedTopic market;

	@Autowired
	private WebTestClient client;

	@Autowired
	private ApplicationContext replicaA;

	@BeforeAll
	static void startReplicaB() {
		replicaB = new SpringApplicationBuilder(AllianceServiceApplication.class).profiles("demo", "test")
			.initializers(new InfrastructureInitializer())
			.properties("server.port=0")
			.run();
		market = new RecordedTopic(TestInfrastructure.shared().kafkaBootstrapServers(), Topics.MARKET);
	}

	@AfterAll
	static void stopReplicaB() {
		market.close();
		replicaB.close();
	}

	@Test
	void aNeedAndAnOfferPublishedAtOnceOnTwoReplicasAreMatchedAndAnnouncedOnce() {
		// a replica just started answers its first requests slowly on two cores; like a
		// load
		// balancer, the test sends it none before it is ready
		WebTestClient onB = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + replicaB.getEnvironment().getProperty("local.server.port"))
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> onB.get()
				.uri("/actuator/health/readiness")
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.is2xxSuccessful());
		String hengfeng = "Bearer " + Api.token(this.client, "hengfeng");
		String huishou = "Bearer " + Api.token(this.client, "huishou");
		// each replica reads the other's publications late, as when both publish within
		// the feed's lag
		List<MessageListenerContainer> feeds = List.of(feedOf(this.replicaA), feedOf(replicaB));
		feeds.forEach(MessageListenerContainer::pause);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> feeds.stream().allMatch(MessageListenerContainer::isPauseRequested));
		String need;
		String offer;
		try {
			need = Api.created(this.client, "/api/v1/listings", hengfeng,
					MarketIntegrationTests.listing("NEED", "WASTE_PAPER", "OCC 11", 4000, 1500L, 1800L, "大隗镇"));
			offer = Api.created(onB, "/api/v1/listings", huishou,
					MarketIntegrationTests.listing("OFFER", "WASTE_PAPER", "OCC 11", 3500, 1600L, 1700L, "大隗镇"));
			assertThat(MarketIntegrationTests.matches(this.client, hengfeng, need)).as("what A's publication found")
				.noneSatisfy((match) -> assertThat(match).containsEntry("listingId", offer));
			assertThat(MarketIntegrationTests.matches(onB, huishou, offer)).as("what B's publication found")
				.noneSatisfy((match) -> assertThat(match).containsEntry("listingId", need));
		}
		finally {
			feeds.forEach(MessageListenerContainer::resume);
		}

		await().atMost(Duration.ofSeconds(20)).until(() -> announcements(need, offer).size() == 1);
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(10))
			.until(() -> announcements(need, offer).size() == 1);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(MarketIntegrationTests.matches(this.client, hengfeng, need))
				.anySatisfy((match) -> assertThat(match).containsEntry("listingId", offer)));
		assertThat(MarketIntegrationTests.matches(onB, huishou, offer))
			.anySatisfy((match) -> assertThat(match).containsEntry("listingId", need));
	}

	/**
	 * Issue 33, item 3: pairs of complementary listings sent to one replica at the same
	 * moment: each publication may miss the other (neither is in the book while the other
	 * is matched), and every pair is still matched, and announced once.
	 */
	@Test
	void pairsPublishedAtTheSameMomentOnOneReplicaAreEachMatchedAndAnnouncedOnce() {
		String hengfeng = "Bearer " + Api.token(this.client, "hengfeng");
		String huishou = "Bearer " + Api.token(this.client, "huishou");
		// each pair its own quantity and price band, so that its two listings are each
		// other's best counterpart
		List<List<String>> pairs = Flux.range(0, 10)
			.concatMap(
					(pair) -> Flux
						.merge(publish(hengfeng,
								MarketIntegrationTests.listing("NEED", "WASTE_PAPER", "OCC 12", 5000 + 1000 * pair,
										2000L + 300 * pair, 2100L + 300 * pair, "大隗镇")),
								publish(huishou,
										MarketIntegrationTests.listing("OFFER", "WASTE_PAPER", "OCC 12",
												5000 + 1000 * pair, 2000L + 300 * pair, 2100L + 300 * pair, "大隗镇")))
						.collectList())
			.collectList()
			.block(Duration.ofSeconds(60));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(pairs)
				.allSatisfy((pair) -> assertThat(announcements(pair.get(0), pair.get(1))).hasSize(1)));
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(pairs)
				.allSatisfy((pair) -> assertThat(announcements(pair.get(0), pair.get(1))).hasSize(1)));
	}

	private Mono<String> publish(String bearer, Object body) {
		return WebClient.create("http://localhost:" + this.replicaA.getEnvironment().getProperty("local.server.port"))
			.post()
			.uri("/api/v1/listings")
			.header("Authorization", bearer)
			.bodyValue(body)
			.retrieve()
			.bodyToMono(java.util.Map.class)
			.map((created) -> (String) created.get("id"));
	}

	private static MessageListenerContainer feedOf(ApplicationContext replica) {
		return replica.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("market-feed");
	}

	private static List<ConsumerRecord<String, String>> announcements(String need, String offer) {
		return market
			.matching((record) -> "org.paperlink.market.match-found.v1".equals(RecordedTopic.header(record, "ce_type"))
					&& record.value().contains(need) && record.value().contains(offer));
	}

}
