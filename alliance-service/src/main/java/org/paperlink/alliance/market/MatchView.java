package org.paperlink.alliance.market;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.paperlink.alliance.member.Contact;

import org.springframework.context.MessageSource;

/**
 * A match as the owner of a listing sees it: the counterpart, its contact now that a
 * match exists, the score and each factor with what it means.
 *
 * @param open whether the counterpart listing is still open
 */
record MatchView(String matchId, String listingId, String memberId, String enterpriseName, String side, String category,
		String categoryName, String spec, long quantity, String unit, Long priceMinYuan, Long priceMaxYuan,
		String region, double score, List<FactorView> factors, Instant foundAt, boolean open, Contact contact) {

	/**
	 * @param name category, quantity, price, distance or freshness
	 * @param explanation the note in the reader's language
	 */
	record FactorView(String name, double value, double weight, String note, String explanation) {

	}

	static MatchView of(ListingMatch match, boolean open, Contact contact, MessageSource messages, Locale locale) {
		MatchScore.Factors factors = match.factors();
		List<FactorView> views = List.of(factor("category", factors.category(), messages, locale),
				factor("quantity", factors.quantity(), messages, locale),
				factor("price", factors.price(), messages, locale),
				factor("distance", factors.distance(), messages, locale),
				factor("freshness", factors.freshness(), messages, locale));
		return new MatchView(match.matchId(), match.listingId(), match.memberId(), match.enterpriseName(),
				match.side().name(), match.category().name(), match.category().nameZh(), match.spec(), match.quantity(),
				match.unit().name(), match.priceMinYuan(), match.priceMaxYuan(), match.region(), match.score(), views,
				match.foundAt(), open, contact);
	}

	private static FactorView factor(String name, MatchScore.Factor factor, MessageSource messages, Locale locale) {
		return new FactorView(name, factor.value(), factor.weight(), factor.note(),
				messages.getMessage("match.note." + factor.note(), null, factor.note(), locale));
	}

}
