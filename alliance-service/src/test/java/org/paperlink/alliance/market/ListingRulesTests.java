package org.paperlink.alliance.market;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.paperlink.alliance.domain.Change;
import org.paperlink.events.Category;
import org.paperlink.events.ListingClosed;
import org.paperlink.events.MatchFound;
import org.paperlink.platform.Refusal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A listing's rules, decided without Spring, a store or HTTP. */
class ListingRulesTests {

	private static final Instant NOW = Instant.parse("2026-12-01T02:00:00Z");

	private static final OpenListing OFFER = new OpenListing("offer-1", "huishou", "大隗再生资源回收", Side.OFFER,
			Category.WASTE_PAPER, "OCC 11", 3500, Unit.TONNE, 1600L, 1700L, "大隗镇", LocalDate.of(2027, 1, 1), NOW);

	private static final MatchScore SCORE = new MatchScore(0.8, null);

	@Test
	void anOpenListingKeepsAMatchFoundLaterOnceAndAnnouncesIt() {
		Listing need = need(Listing.Status.OPEN, List.of());
		Matchmaker.Found found = new Matchmaker.Candidate(OFFER, SCORE).foundFor(OpenListing.of(need), NOW);

		Change<Listing> matched = need.matchedLater(found.match(), found.event());

		assertThat(matched.state().holds("offer-1")).isTrue();
		assertThat(matched.events()).singleElement().isInstanceOfSatisfying(MatchFound.class, (event) -> {
			assertThat(event.needListingId()).isEqualTo("need-1");
			assertThat(event.offerListingId()).isEqualTo("offer-1");
			assertThat(event.triggeredBy()).as("the listing that keeps it").isEqualTo("need-1");
		});
		assertThatThrownBy(() -> matched.state().matchedLater(found.match(), found.event())).isInstanceOfSatisfying(
				Refusal.class, (refusal) -> assertThat(refusal.slug()).isEqualTo("listing-matched-already"));
	}

	@Test
	void anEndedListingTakesNoMatchAndEndsOnce() {
		Listing need = need(Listing.Status.OPEN, List.of());
		Change<Listing> closed = need.end(Listing.Status.CLOSED, NOW);
		assertThat(closed.events()).singleElement().isInstanceOf(ListingClosed.class);

		Matchmaker.Found found = new Matchmaker.Candidate(OFFER, SCORE).foundFor(OpenListing.of(need), NOW);
		assertThatThrownBy(() -> closed.state().matchedLater(found.match(), found.event())).isInstanceOfSatisfying(
				Refusal.class, (refusal) -> assertThat(refusal.slug()).isEqualTo("listing-not-open"));
		assertThatThrownBy(() -> closed.state().end(Listing.Status.EXPIRED, NOW)).isInstanceOfSatisfying(Refusal.class,
				(refusal) -> assertThat(refusal.slug()).isEqualTo("listing-not-open"));
	}

	private static Listing need(Listing.Status status, List<ListingMatch> matches) {
		return new Listing("need-1", "hengfeng", "恒丰纸业", Side.NEED, Category.WASTE_PAPER, "OCC 11", 4000, Unit.TONNE,
				1500L, 1800L, "大隗镇", LocalDate.of(2027, 1, 1), status, NOW, null, matches, 3);
	}

}
