package org.paperlink.alliance.capacity;

import java.time.LocalDate;
import java.util.List;

/**
 * Capacity across the alliance: totals by product category and by pillar, and what was
 * added since a date (the sum of increases reported since then), in all and year by year.
 */
record CapacitySummary(long totalTonnes, List<ByCategory> byCategory, List<ByPillar> byPillar, LocalDate since,
		long addedSinceTonnes, long netChangeSinceTonnes, int reportsSince, List<ByYear> byYear) {

	record ByCategory(String category, String name, long tonnes, int members) {

	}

	/** Capacity added (increases only) and the net change, by the year it took effect. */
	record ByYear(int year, long addedTonnes, long netChangeTonnes, int reports) {

	}

	record ByPillar(String pillar, String name, long tonnes, int members) {

	}

}
