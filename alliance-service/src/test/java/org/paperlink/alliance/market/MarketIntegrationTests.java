package org.paperlink.alliance.market;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import org.paperlink.alliance.support.Api;
import org.paperlink.alliance.support.ShiftableClock;
import org.paperlink.events.EventSchemas;
import org.paperlink.events.Topics;
import org.paperlink.testsupport.RecordedTopic;
import org.paperlink.testsupport.TestInfrastructure;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

@AllianceIntegrationTest
class MarketIntegrationTests {

	private static final String HENGFENG = "de0000000000000000000001";

	private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> FEED_EVENT = new ParameterizedTypeReference<>() {
	};

	private static RecordedTopic market;

	@Autowired
	private WebTestClient client;

	@Autowired
	private ShiftableClock clock;

	@BeforeAll
	static void record() {
		market = new RecordedTopic(TestInfrastructure.shared().kafkaBootstrapServers(), Topics.MARKET);
	}

	@AfterAll
	static void stop() {
		market.close();
	}

	/**
	 * A mill's chain: the active members that sell what it buys, and those that buy what
	 * it sells, by name; never itself.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void aMillSeesWhoSellsWhatItBuysAndWhoBuysWhatItSells() {
		Map<String, Object> chain = this.client.get()
			.uri("/api/v1/market/chain")
			.header(HttpHeaders.AUTHORIZATION, bearer("hengfeng"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();

		assertThat((List<String>) chain.get("buys")).contains("WASTE_PAPER");
		List<Map<String, Object>> upstream = (List<Map<String, Object>>) chain.get("upstream");
		assertThat(upstream).anySatisfy((seller) -> assertThat(seller).containsEntry("enterpriseName", "大隗再生资源回收（示例）")
			.satisfies((one) -> assertThat((List<String>) one.get("categories")).contains("WASTE_PAPER")));
		assertThat(upstream).noneSatisfy((seller) -> assertThat(seller).containsEntry("memberId", HENGFENG));
		List<String> names = upstream.stream().map((seller) -> (String) seller.get("enterpriseName")).toList();
		assertThat(names).isSortedAccordingTo(java.util.Comparator.naturalOrder());
	}

	/**
	 * The walkthrough of the issue: 恒丰 needs 5,000 t of OCC 11; a waste-paper dealer sees
	 * it on its feed, offers, and both see the match.
	 */
	@Test
	void aNeedReachesTheSupplierFeedAndItsOfferIsMatched() {
		String hengfeng = bearer("hengfeng");
		String huishou = bearer("huishou");
		Flux<ServerSentEvent<Map<String, Object>>> supplierFeed = feed(huishou, null);
		Flux<ServerSentEvent<Map<String, Object>>> millFeed = feed(hengfeng, null);
		var supplierSees = supplierFeed.filter((event) -> "listing".equals(event.event())).replay();
		var millSees = millFeed.filter((event) -> "match".equals(event.event())).replay();
		var connections = List.of(supplierSees.connect(), millSees.connect());
		try {
			String need = Api.created(this.client, "/api/v1/listings", hengfeng,
					listing("NEED", "WASTE_PAPER", "OCC 11", 5000, 1500L, 1800L, "大隗镇"));
			ServerSentEvent<Map<String, Object>> seen = supplierSees
				.filter((event) -> need.equals(event.data().get("listingId")))
				.blockFirst(Duration.ofSeconds(10));
			assertThat(seen.data()).containsEntry("relation", "DOWNSTREAM")
				.containsEntry("enterpriseName", "恒丰纸业")
				.containsEntry("categoryName", "废纸");
			assertThat(seen.id()).matches("\\d+:\\d+(,\\d+:\\d+)*");

			String offer = Api.created(this.client, "/api/v1/listings", huishou,
					listing("OFFER", "WASTE_PAPER", "occ11", 3000, 1600L, 1700L, null));
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(matches(hengfeng, need))
					.anySatisfy((match) -> assertThat(match).containsEntry("listingId", offer)));
			Map<String, Object> match = matches(hengfeng, need).stream()
				.filter((one) -> offer.equals(one.get("listingId")))
				.findFirst()
				.orElseThrow();
			assertThat(match).containsEntry("enterpriseName", "大隗再生资源回收（示例）").containsEntry("open", true);
			assertThat((Double) match.get("score")).isGreaterThan(0.5);
			assertThat(match.get("factors")).asString()
				.contains("category", "quantity", "price", "distance", "freshness", "同类目、同规格", "同在大隗镇");
			assertThat(match.get("contact")).asString().contains("phone");
			assertThat(matches(huishou, offer)).anySatisfy((mine) -> assertThat(mine).containsEntry("listingId", need)
				.containsEntry("enterpriseName", "恒丰纸业"));
			ServerSentEvent<Map<String, Object>> told = millSees
				.filter((event) -> need.equals(event.data().get("listingId")))
				.blockFirst(Duration.ofSeconds(10));
			assertThat(told.data()).containsEntry("counterpartListingId", offer)
				.containsEntry("counterpartEnterpriseName", "大隗再生资源回收（示例）");

			List<ConsumerRecord<String, String>> found = market.await(
					RecordedTopic.withKey(need)
						.and(RecordedTopic.withHeader("ce_type", "org.paperlink.market.match-found.v1")),
					1, Duration.ofSeconds(10));
			assertThat(EventSchemas.violations("org.paperlink.market.match-found.v1", found.get(0).value())).isEmpty();
			assertThat(found.get(0).value()).contains(offer);
			close(hengfeng, need);
			close(huishou, offer);
		}
		finally {
			connections.forEach((connection) -> connection.dispose());
		}
	}

	static Stream<Arguments> scoringCases() {
		return Stream.of(
				Arguments.of("same grade, same quantity, same village",
						listing("NEED", "PULP", null, 5000, 1500L, 1800L, "纸坊村"),
						listing("OFFER", "PULP", null, 5000, 1600L, 1700L, "纸坊村"), 0.925,
						Map.of("category", "SAME_CATEGORY_ANY_GRADE", "quantity", "QUANTITY_EQUAL", "price",
								"PRICE_OVERLAP", "distance", "SAME_VILLAGE", "freshness", "FRESH")),
				Arguments.of("substitute category, half the quantity, no prices, two villages of the town",
						listing("NEED", "HIGH_STRENGTH_CORRUGATING", null, 1000, null, null, "窑沟村"),
						listing("OFFER", "CORRUGATING_MEDIUM", null, 500, null, null, "进化村"), 0.636,
						Map.of("category", "SUBSTITUTE_ANY_GRADE", "quantity", "QUANTITY_PARTIAL", "price",
								"PRICE_UNKNOWN", "distance", "SAME_TOWN", "freshness", "FRESH")),
				Arguments.of("another grade, an offer 10 % dear, from outside the town",
						listing("NEED", "CHEMICALS", "淀粉", 1000, null, 1500L, "纸坊村"),
						listing("OFFER", "CHEMICALS", "施胶剂", 1000, 1650L, 1700L, "郑州市"), 0.6275,
						Map.of("category", "SAME_CATEGORY_OTHER_GRADE", "quantity", "QUANTITY_EQUAL", "price",
								"PRICE_GAP", "distance", "ELSEWHERE", "freshness", "FRESH")),
				Arguments.of("another grade, a hundredth of the quantity, far too dear, far away: no match",
						listing("NEED", "CHEMICALS", "淀粉", 10000, null, 1500L, "纸坊村"),
						listing("OFFER", "CHEMICALS", "助留剂", 100, 2000L, null, "郑州市"), null, Map.of()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("scoringCases")
	void matchesAreScoredByExplainedFactors(String description, Map<String, Object> need, Map<String, Object> offer,
			Double expectedScore, Map<String, String> expectedNotes) {
		Api.SignedInMember buyer = Api.newActiveMember(this.client);
		Api.SignedInMember seller = Api.newActiveMember(this.client);
		String needId = Api.created(this.client, "/api/v1/listings", buyer.bearer(), need);
		String offerId = Api.created(this.client, "/api/v1/listings", seller.bearer(), offer);
		List<Map<String, Object>> found = matches(seller.bearer(), offerId).stream()
			.filter((match) -> needId.equals(match.get("listingId")))
			.toList();
		if (expectedScore == null) {
			assertThat(found).isEmpty();
		}
		else {
			assertThat(found).hasSize(1);
			assertThat((Double) found.get(0).get("score")).isCloseTo(expectedScore, within(0.001));
			Map<String, String> notes = new HashMap<>();
			for (Object factor : (List<?>) found.get(0).get("factors")) {
				Map<?, ?> one = (Map<?, ?>) factor;
				notes.put((String) one.get("name"), (String) one.get("note"));
				assertThat((String) one.get("explanation")).isNotBlank().isNotEqualTo(one.get("note"));
			}
			assertThat(notes).isEqualTo(expectedNotes);
		}
		close(buyer.bearer(), needId);
		close(seller.bearer(), offerId);
	}

	@Test
	void aMemberNeverMatchesItselfNorAClosedListing() {
		Api.SignedInMember buyer = Api.newActiveMember(this.client);
		Api.SignedInMember seller = Api.newActiveMember(this.client);
		String ownNeed = Api.created(this.client, "/api/v1/listings", buyer.bearer(),
				listing("NEED", "LOGISTICS", null, 10, null, null, "纸坊村"));
		String closedNeed = Api.created(this.client, "/api/v1/listings", seller.bearer(),
				listing("NEED", "LOGISTICS", null, 10, null, null, "纸坊村"));
		close(seller.bearer(), closedNeed);
		String offer = Api.created(this.client, "/api/v1/listings", buyer.bearer(),
				listing("OFFER", "LOGISTICS", null, 10, null, null, "纸坊村"));
		assertThat(matches(buyer.bearer(), offer)).extracting((match) -> match.get("listingId"))
			.doesNotContain(ownNeed, closedNeed);
		assertThat(matches(buyer.bearer(), ownNeed)).isEmpty();
		this.client.post()
			.uri("/api/v1/listings/{id}/close", closedNeed)
			.header(HttpHeaders.AUTHORIZATION, seller.bearer())
			.exchange()
			.expectStatus()
			.isEqualTo(409);
		close(buyer.bearer(), ownNeed);
		close(buyer.bearer(), offer);
	}

	@Test
	void aListingExpiresAfterItsLastDayAndThenNeverMatches() {
		Api.SignedInMember buyer = Api.newActiveMember(this.client);
		Api.SignedInMember seller = Api.newActiveMember(this.client);
		Map<String, Object> need = new HashMap<>(listing("NEED", "ENERGY", "蒸汽", 800, null, null, "纸坊村"));
		need.put("validUntil", LocalDate.now(CHINA).plusDays(1).toString());
		String needId = Api.created(this.client, "/api/v1/listings", buyer.bearer(), need);
		try {
			this.clock.shift(Duration.ofDays(2).plusHours(1));
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(get(buyer.bearer(), needId)).containsEntry("status", "EXPIRED"));
			List<ConsumerRecord<String, String>> closed = market.await(
					RecordedTopic.withKey(needId)
						.and(RecordedTopic.withHeader("ce_type", "org.paperlink.market.listing-closed.v1")),
					1, Duration.ofSeconds(10));
			assertThat(closed.get(0).value()).contains("\"reason\":\"EXPIRED\"");
			Map<String, Object> offer = new HashMap<>(listing("OFFER", "ENERGY", "蒸汽", 800, null, null, "纸坊村"));
			offer.put("validUntil", LocalDate.now(CHINA).plusDays(10).toString());
			String offerId = Api.created(this.client, "/api/v1/listings", seller.bearer(), offer);
			assertThat(matches(seller.bearer(), offerId)).extracting((match) -> match.get("listingId"))
				.doesNotContain(needId);
			assertThat(search(seller.bearer(), "side=NEED&category=ENERGY")).doesNotContain(needId);
			close(seller.bearer(), offerId);
		}
		finally {
			this.clock.reset();
		}
	}

	@Test
	void aReconnectWithLastEventIdResumesWithoutGapsOrRepeats() {
		String huishou = bearer("huishou");
		Api.SignedInMember mill = Api.newActiveMember(this.client);
		String first = Api.created(this.client, "/api/v1/listings", mill.bearer(),
				listing("NEED", "WASTE_PAPER", "ONP", 100, null, null, "纸坊村"));
		ServerSentEvent<Map<String, Object>> seenFirst = feed(huishou, null)
			.filter((event) -> first.equals(listingIdOf(event)))
			.blockFirst(Duration.ofSeconds(10));
		String second = Api.created(this.client, "/api/v1/listings", mill.bearer(),
				listing("NEED", "WASTE_PAPER", "ONP", 200, null, null, "纸坊村"));
		String third = Api.created(this.client, "/api/v1/listings", mill.bearer(),
				listing("NEED", "WASTE_PAPER", "ONP", 300, null, null, "纸坊村"));
		List<String> resumed = new ArrayList<>();
		feed(huishou, seenFirst.id()).filter((event) -> "listing".equals(event.event()))
			.map(MarketIntegrationTests::listingIdOf)
			.doOnNext(resumed::add)
			.takeUntil(third::equals)
			.blockLast(Duration.ofSeconds(10));
		assertThat(resumed).containsExactly(second, third);
		List.of(first, second, third).forEach((id) -> close(mill.bearer(), id));
	}

	@Test
	void onlyTheOwnerClosesAndOnlyTheOwnerOrSecretariatSeesMatches() {
		String need = Api.created(this.client, "/api/v1/listings", bearer("hengfeng"),
				listing("NEED", "KRAFT", null, 50, null, null, null));
		String dongsen = bearer("dongsen");
		this.client.post()
			.uri("/api/v1/listings/{id}/close", need)
			.header(HttpHeaders.AUTHORIZATION, dongsen)
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:paperlink:problem:not-your-listing");
		this.client.get()
			.uri("/api/v1/listings/{id}/matches", need)
			.header(HttpHeaders.AUTHORIZATION, dongsen)
			.exchange()
			.expectStatus()
			.isForbidden();
		this.client.get()
			.uri("/api/v1/listings/{id}/matches", need)
			.header(HttpHeaders.AUTHORIZATION, bearer("secretariat"))
			.exchange()
			.expectStatus()
			.isOk();
		this.client.post()
			.uri("/api/v1/listings")
			.header(HttpHeaders.AUTHORIZATION, bearer("secretariat"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(listing("NEED", "KRAFT", null, 50, null, null, null))
			.exchange()
			.expectStatus()
			.isForbidden();
		Map<String, Object> seenByOthers = get(dongsen, need);
		assertThat(seenByOthers).containsEntry("memberId", HENGFENG).containsEntry("matchCount", null);
		close(bearer("hengfeng"), need);
	}

	static Stream<Arguments> badListings() {
		return Stream.of(Arguments.of("unit", Map.of("unit", "SET"), 422, "unit-not-for-category"),
				Arguments.of("spec", Map.of("spec", "OCC 99"), 422, "unknown-grade"),
				Arguments.of("priceMinYuan", Map.of("priceMinYuan", 1900, "priceMaxYuan", 1800), 422,
						"price-range-inverted"),
				Arguments.of("validUntil", Map.of("validUntil", LocalDate.now(CHINA).toString()), 422,
						"valid-until-past"),
				Arguments.of("validUntil",
						Map.of("validUntil", LocalDate.now(CHINA).plusYears(1).plusDays(2).toString()), 422,
						"valid-until-too-far"),
				Arguments.of("quantity", Map.of("quantity", 0), 400, "validation"),
				Arguments.of("category", Map.of("category", "GOLD"), 400, "validation"));
	}

	@ParameterizedTest(name = "{3} on {0}")
	@MethodSource("badListings")
	void badListingsAreRefusedOnTheirField(String field, Map<String, Object> change, int status, String slug) {
		Map<String, Object> body = new HashMap<>(listing("NEED", "WASTE_PAPER", "OCC 11", 5000, 1500L, 1800L, null));
		body.putAll(change);
		this.client.post()
			.uri("/api/v1/listings")
			.header(HttpHeaders.AUTHORIZATION, bearer("dongsen"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:paperlink:problem:" + slug)
			.jsonPath("$.errors[0].field")
			.isEqualTo(field);
	}

	private static String listingIdOf(ServerSentEvent<Map<String, Object>> event) {
		return (event.data() != null) ? (String) event.data().get("listingId") : null;
	}

	static Map<String, Object> listing(String side, String category, String spec, long quantity, Long priceMin,
			Long priceMax, String region) {
		Map<String, Object> body = new HashMap<>();
		body.put("side", side);
		body.put("category", category);
		body.put("spec", spec);
		body.put("quantity", quantity);
		body.put("unit", switch (category) {
			case "LOGISTICS" -> "SERVICE";
			default -> "TONNE";
		});
		body.put("priceMinYuan", priceMin);
		body.put("priceMaxYuan", priceMax);
		body.put("region", region);
		body.put("validUntil", LocalDate.now(CHINA).plusMonths(3).toString());
		return body;
	}

	private String bearer(String username) {
		return "Bearer " + Api.token(this.client, username);
	}

	private void close(String bearer, String id) {
		this.client.post()
			.uri("/api/v1/listings/{id}/close", id)
			.header(HttpHeaders.AUTHORIZATION, bearer)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> get(String bearer, String id) {
		return this.client.get()
			.uri("/api/v1/listings/{id}", id)
			.header(HttpHeaders.AUTHORIZATION, bearer)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private List<Map<String, Object>> matches(String bearer, String id) {
		return matches(this.client, bearer, id);
	}

	/** A listing's matches as its owner reads them, on one replica. */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> matches(WebTestClient client, String bearer, String id) {
		Map<String, Object> page = client.get()
			.uri("/api/v1/listings/{id}/matches", id)
			.header(HttpHeaders.AUTHORIZATION, bearer)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (List<Map<String, Object>>) page.get("items");
	}

	@SuppressWarnings("unchecked")
	private List<String> search(String bearer, String query) {
		Map<String, Object> page = this.client.get()
			.uri("/api/v1/listings?size=200&" + query)
			.header(HttpHeaders.AUTHORIZATION, bearer)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return ((List<Map<String, Object>>) page.get("items")).stream().map((item) -> (String) item.get("id")).toList();
	}

	private Flux<ServerSentEvent<Map<String, Object>>> feed(String bearer, String lastEventId) {
		return this.client.mutate()
			.responseTimeout(Duration.ofSeconds(60))
			.build()
			.get()
			.uri("/api/v1/feed")
			.header(HttpHeaders.AUTHORIZATION, bearer)
			.headers((headers) -> {
				if (lastEventId != null) {
					headers.set("Last-Event-ID", lastEventId);
				}
			})
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(FEED_EVENT)
			.getResponseBody();
	}

}
