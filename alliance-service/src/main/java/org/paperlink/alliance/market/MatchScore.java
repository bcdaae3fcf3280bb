package org.paperlink.alliance.market;

import java.time.Duration;
import java.time.Instant;

/**
 * How well a counterpart suits a listing, from 0 to 1: the weighted sum of five factors,
 * each kept with a note that explains it.
 */
record MatchScore(double score, Factors factors) {

	/**
	 * Each factor is 0 to 1.
	 */
	record Factors(Factor category, Factor quantity, Factor price, Factor distance, Factor freshness) {

	}

	/**
	 * @param note a code for why, such as {@code SAME_GRADE} or {@code SAME_VILLAGE}
	 */
	record Factor(double value, double weight, String note) {

		double weighted() {
			return this.value * this.weight;
		}

	}

	/** Scores a counterpart for a listing; both are open and of compatible categories. */
	static MatchScore of(OpenListing listing, OpenListing counterpart, ChainTaxonomy taxonomy,
			MarketProperties.Weights weights, Instant now) {
		Factors factors = new Factors(category(listing, counterpart, taxonomy, weights.category()),
				quantity(listing, counterpart, weights.quantity()), price(listing, counterpart, weights.price()),
				distance(listing, counterpart, taxonomy, weights.distance()),
				freshness(counterpart, now, weights.freshness()));
		double score = factors.category().weighted() + factors.quantity().weighted() + factors.price().weighted()
				+ factors.distance().weighted() + factors.freshness().weighted();
		return new MatchScore(round(score), factors);
	}

	private static Factor category(OpenListing a, OpenListing b, ChainTaxonomy taxonomy, double weight) {
		boolean sameCategory = a.category() == b.category();
		double base = sameCategory ? 1.0 : 0.7;
		String prefix = sameCategory ? "SAME_CATEGORY" : "SUBSTITUTE";
		if (isBlank(a.spec()) || isBlank(b.spec())) {
			return new Factor(round(base * 0.9), weight, prefix + "_ANY_GRADE");
		}
		if (ChainTaxonomy.normalized(a.spec()).equals(ChainTaxonomy.normalized(b.spec()))) {
			return new Factor(base, weight, prefix + "_SAME_GRADE");
		}
		return new Factor(round(base * 0.6), weight, prefix + "_OTHER_GRADE");
	}

	/** The smaller quantity over the larger: 1 when one covers the other exactly. */
	private static Factor quantity(OpenListing a, OpenListing b, double weight) {
		double ratio = (double) Math.min(a.quantity(), b.quantity()) / Math.max(a.quantity(), b.quantity());
		return new Factor(round(ratio), weight, (ratio == 1.0) ? "QUANTITY_EQUAL" : "QUANTITY_PARTIAL");
	}

	/**
	 * Overlapping price ranges score 0.6 to 1 by how much they share; an offer dearer
	 * than the need's top price loses the rest by the time the gap reaches 20 %.
	 */
	private static Factor price(OpenListing a, OpenListing b, double weight) {
		OpenListing need = (a.side() == Side.NEED) ? a : b;
		OpenListing offer = (a.side() == Side.NEED) ? b : a;
		Long needLow = low(need);
		Long offerLow = low(offer);
		if (needLow == null || offerLow == null) {
			return new Factor(0.5, weight, "PRICE_UNKNOWN");
		}
		long needHigh = high(need);
		long offerHigh = high(offer);
		if (offerLow <= needHigh) {
			long shared = Math.min(needHigh, offerHigh) - Math.max(needLow, offerLow);
			long span = Math.max(needHigh, offerHigh) - Math.min(needLow, offerLow);
			double overlap = (span == 0) ? 1.0 : Math.max(0, shared) / (double) span;
			return new Factor(round(0.6 + 0.4 * overlap), weight, "PRICE_OVERLAP");
		}
		double gap = (offerLow - needHigh) / (double) Math.max(needHigh, 1);
		return new Factor(round(Math.max(0, 0.5 * (1 - gap / 0.2))), weight, "PRICE_GAP");
	}

	private static Factor distance(OpenListing a, OpenListing b, ChainTaxonomy taxonomy, double weight) {
		if (a.region() != null && a.region().equals(b.region()) && !a.region().equals(taxonomy.town())) {
			return new Factor(1.0, weight, "SAME_VILLAGE");
		}
		if (taxonomy.inTown(a.region()) && taxonomy.inTown(b.region())) {
			return new Factor(0.6, weight, "SAME_TOWN");
		}
		return new Factor(0.2, weight, "ELSEWHERE");
	}

	/** 1 for a counterpart of the last day, falling to 0.2 at 30 days. */
	private static Factor freshness(OpenListing counterpart, Instant now, double weight) {
		double days = Math.max(0, Duration.between(counterpart.publishedAt(), now).toHours() / 24.0);
		double value = (days <= 1) ? 1.0 : Math.max(0.2, 1.0 - 0.8 * Math.min(days, 30) / 30);
		return new Factor(round(value), weight, (days <= 1) ? "FRESH" : "OLDER");
	}

	private static Long low(OpenListing listing) {
		return (listing.priceMinYuan() != null) ? listing.priceMinYuan() : listing.priceMaxYuan();
	}

	private static long high(OpenListing listing) {
		return (listing.priceMaxYuan() != null) ? listing.priceMaxYuan() : listing.priceMinYuan();
	}

	private static boolean isBlank(String text) {
		return text == null || text.isBlank();
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

}
