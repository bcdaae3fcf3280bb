package org.paperlink.notification.rendering;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Figures as people here write them: 25万吨/年, 2.6亿元, 5000万元. */
public final class ChineseUnits {

	private static final long WAN = 10_000L;

	private static final long YI = 100_000_000L;

	private ChineseUnits() {
	}

	public static String tonnesPerYear(long tonnes) {
		return scaled(tonnes) + "吨/年";
	}

	/** A change, with its sign: +25万吨/年, -5000吨/年. */
	public static String tonnesPerYearChange(long tonnes) {
		return ((tonnes > 0) ? "+" : "") + tonnesPerYear(tonnes);
	}

	public static String yuan(long yuan) {
		if (Math.abs(yuan) >= YI) {
			return decimal(yuan, YI) + "亿元";
		}
		return scaled(yuan) + "元";
	}

	private static String scaled(long value) {
		return (Math.abs(value) >= WAN) ? decimal(value, WAN) + "万" : Long.toString(value);
	}

	private static String decimal(long value, long unit) {
		return BigDecimal.valueOf(value)
			.divide(BigDecimal.valueOf(unit), 2, RoundingMode.HALF_UP)
			.stripTrailingZeros()
			.toPlainString();
	}

}
