package org.paperlink.alliance.market;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.paperlink.events.Category;
import reactor.core.publisher.Flux;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Matching without Spring or a store: of many open counterparts, the best {@code topN}
 * above the threshold are kept, best first, whatever order the book holds them in.
 */
class MatchmakerTests {

	private static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z");

	private static final int TOP_N = 10;

	private final OpenListings open = new OpenListings(emptyStore());

	private final Matchmaker matchmaker = new Matchmaker(this.open, taxonomy(),
			new MarketProperties(ZoneId.of("Asia/Shanghai"), 0.5, TOP_N,
					new MarketProperties.Weights(0.35, 0.2, 0.15, 0.15, 0.15),
					new MarketProperties.Feed(Duration.ofSeconds(15), Duration.ofDays(7), 50, 20_000),
					Duration.ofMinutes(1)),
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void keepsTheBestTenOfManyBestFirst() {
		// 300 offers: the nearer an offer's quantity to the need's, the better it scores
		List<OpenListing> offers = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			offers.add(listing("offer-" + i, "member-" + i, Side.OFFER, 5_000 - (i * 7L % 4_000), NOW.minusSeconds(i)));
		}
		// one of another enterprise's far-off sort that scores below the threshold, and
		// one of the needing enterprise itself
		offers.add(new OpenListing("too-far", "member-x", "示例", Side.OFFER, Category.PULP, null, 1, Unit.TONNE, 9_000L,
				9_500L, "外地", LocalDate.of(2027, 3, 1), NOW.minus(Duration.ofDays(29))));
		offers.add(listing("own", "needer", Side.OFFER, 5_000, NOW));
		offers.forEach(this.open::put);
		OpenListing need = listing("need", "needer", Side.NEED, 5_000, NOW);

		List<Matchmaker.Candidate> best = this.matchmaker.counterparts(need);

		List<Matchmaker.Candidate> everyOne = offers.stream()
			.filter((offer) -> !offer.memberId().equals("needer"))
			.map((offer) -> new Matchmaker.Candidate(offer,
					MatchScore.of(need, offer, taxonomy(), this.matchmakerWeights(), NOW)))
			.filter((candidate) -> candidate.score().score() >= 0.5)
			.sorted(Comparator.comparingDouble((Matchmaker.Candidate candidate) -> candidate.score().score())
				.reversed()
				.thenComparing((Matchmaker.Candidate candidate) -> candidate.listing().publishedAt(),
						Comparator.reverseOrder()))
			.toList();
		assertThat(best).hasSize(TOP_N);
		assertThat(best).extracting((candidate) -> candidate.listing().id())
			.containsExactlyElementsOf(everyOne.subList(0, TOP_N).stream().map((one) -> one.listing().id()).toList())
			.doesNotContain("own", "too-far");
	}

	@Test
	void keepsFewerWhenFewerAreOpen() {
		this.open.put(listing("offer-1", "member-1", Side.OFFER, 4_000, NOW.minusSeconds(1)));
		this.open.put(listing("offer-2", "member-2", Side.OFFER, 5_000, NOW.minusSeconds(2)));

		assertThat(this.matchmaker.counterparts(listing("need", "needer", Side.NEED, 5_000, NOW)))
			.extracting((candidate) -> candidate.listing().id())
			.containsExactly("offer-2", "offer-1");
	}

	@Test
	void aNewerListingOfTheSameScoreAsTheWorstKeptTakesItsPlace() {
		// the book hands the ten older ones over first
		List<OpenListing> book = new ArrayList<>();
		for (int i = 0; i < TOP_N; i++) {
			book.add(listing("older-" + i, "member-" + i, Side.OFFER, 5_000, NOW.minusSeconds(100 + i)));
		}
		book.add(listing("newer", "member-n", Side.OFFER, 5_000, NOW.minusSeconds(1)));

		List<String> kept = ids(matchmaker(inOrder(book), 0.5).counterparts(need()));

		assertThat(kept).hasSize(TOP_N).startsWith("newer").doesNotContain("older-" + (TOP_N - 1));
	}

	@Test
	void keepsAScoreAtTheThresholdAndDropsOneBelowIt() {
		OpenListing at = listing("at", "member-1", Side.OFFER, 4_000, NOW.minusSeconds(1));
		OpenListing below = listing("below", "member-2", Side.OFFER, 3_000, NOW.minusSeconds(2));
		double threshold = MatchScore.of(need(), at, taxonomy(), this.matchmakerWeights(), NOW).score();
		assertThat(MatchScore.of(need(), below, taxonomy(), this.matchmakerWeights(), NOW).score())
			.isLessThan(threshold);

		assertThat(ids(matchmaker(inOrder(List.of(below, at)), threshold).counterparts(need()))).containsExactly("at");
	}

	@Test
	void equalInScoreAndAgeComeInTheOrderOfTheirIds() {
		List<OpenListing> book = List.of(listing("b", "member-b", Side.OFFER, 5_000, NOW),
				listing("a", "member-a", Side.OFFER, 5_000, NOW));

		assertThat(ids(matchmaker(inOrder(book), 0.5).counterparts(need()))).containsExactly("a", "b");
	}

	private static OpenListing need() {
		return listing("need", "needer", Side.NEED, 5_000, NOW);
	}

	private static List<String> ids(List<Matchmaker.Candidate> candidates) {
		return candidates.stream().map((candidate) -> candidate.listing().id()).toList();
	}

	private Matchmaker matchmaker(OpenListings book, double threshold) {
		return new Matchmaker(book, taxonomy(),
				new MarketProperties(ZoneId.of("Asia/Shanghai"), threshold, TOP_N, this.matchmakerWeights(),
						new MarketProperties.Feed(Duration.ofSeconds(15), Duration.ofDays(7), 50, 20_000),
						Duration.ofMinutes(1)),
				Clock.fixed(NOW, ZoneOffset.UTC));
	}

	/** A book that hands its listings over in the order given. */
	private static OpenListings inOrder(List<OpenListing> listings) {
		return new OpenListings(emptyStore()) {

			@Override
			Collection<OpenListing> of(Side side, Category category) {
				return listings.stream()
					.filter((listing) -> listing.side() == side && listing.category() == category)
					.toList();
			}

		};
	}

	private MarketProperties.Weights matchmakerWeights() {
		return new MarketProperties.Weights(0.35, 0.2, 0.15, 0.15, 0.15);
	}

	private static OpenListing listing(String id, String memberId, Side side, long quantity, Instant publishedAt) {
		return new OpenListing(id, memberId, "示例企业", side, Category.PULP, null, quantity, Unit.TONNE, 1_200L, 1_800L,
				"纸坊村", LocalDate.of(2027, 3, 1), publishedAt);
	}

	private static ChainTaxonomy taxonomy() {
		Map<Category, ChainTaxonomy.Node> nodes = new EnumMap<>(Category.class);
		for (Category category : Category.values()) {
			nodes.put(category, new ChainTaxonomy.Node(List.of(Unit.TONNE), List.of(), List.of(), List.of()));
		}
		return new ChainTaxonomy("大隗镇", List.of("纸坊村"), nodes);
	}

	private static ReactiveMongoTemplate emptyStore() {
		ReactiveMongoTemplate mongo = mock(ReactiveMongoTemplate.class);
		when(mongo.find(any(Query.class), eq(Document.class), anyString())).thenReturn(Flux.empty());
		return mongo;
	}

}
