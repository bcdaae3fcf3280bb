package org.paperlink.alliance.validation;

/**
 * The 18-character Unified Social Credit Code of GB 32100-2015. Its first character names
 * the registration authority and its second the kind of organisation, from the standard's
 * code tables; the next six are the authority's administrative division code (digits).
 * Its last character is a check character over the first 17, computed modulo 31 with
 * fixed weights; the alphabet leaves out I, O, S, V and Z.
 */
public final class UnifiedSocialCreditCode {

	static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

	/**
	 * GB 32100-2015, table 1 and 2: each registration authority and the kinds of
	 * organisation it registers. 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商
	 * (1 企业, 2 个体工商户, 3 农民专业合作社), A 中央军委改革和编制办公室, N 农业, Y 其他.
	 */
	private static final java.util.Map<Character, String> KINDS_BY_AUTHORITY = java.util.Map.ofEntries(
			java.util.Map.entry('1', "1239"), java.util.Map.entry('2', "19"), java.util.Map.entry('3', "1234569"),
			java.util.Map.entry('4', "19"), java.util.Map.entry('5', "1239"), java.util.Map.entry('6', "129"),
			java.util.Map.entry('7', "129"), java.util.Map.entry('8', "19"), java.util.Map.entry('9', "123"),
			java.util.Map.entry('A', "19"), java.util.Map.entry('N', "1239"), java.util.Map.entry('Y', "1"));

	private static final int[] WEIGHTS = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };

	private UnifiedSocialCreditCode() {
	}

	/**
	 * Whether the code is 18 characters of the alphabet, of a known authority and kind,
	 * with a division code of digits and a correct check character.
	 */
	public static boolean isValid(String code) {
		if (code == null || code.length() != 18) {
			return false;
		}
		for (int i = 0; i < 18; i++) {
			if (ALPHABET.indexOf(code.charAt(i)) < 0) {
				return false;
			}
		}
		return isOfKnownAuthority(code) && checkCharacter(code.substring(0, 17)) == code.charAt(17);
	}

	/**
	 * Whether the first character is a registration authority of the standard, the second
	 * a kind that authority registers, and the third to eighth digits.
	 */
	public static boolean isOfKnownAuthority(String code) {
		if (code == null || code.length() < 8) {
			return false;
		}
		String kinds = KINDS_BY_AUTHORITY.get(code.charAt(0));
		if (kinds == null || kinds.indexOf(code.charAt(1)) < 0) {
			return false;
		}
		for (int i = 2; i < 8; i++) {
			if (!Character.isDigit(code.charAt(i)) || code.charAt(i) > '9') {
				return false;
			}
		}
		return true;
	}

	/** Whether the first 17 characters are well formed, whatever the check character. */
	public static boolean isWellFormed(String code) {
		if (code == null || code.length() != 18) {
			return false;
		}
		for (int i = 0; i < 17; i++) {
			if (ALPHABET.indexOf(code.charAt(i)) < 0) {
				return false;
			}
		}
		return true;
	}

	/** The check character for the first 17 characters of a code. */
	public static char checkCharacter(String first17) {
		if (first17.length() != 17) {
			throw new IllegalArgumentException("Need the first 17 characters");
		}
		int sum = 0;
		for (int i = 0; i < 17; i++) {
			int value = ALPHABET.indexOf(first17.charAt(i));
			if (value < 0) {
				throw new IllegalArgumentException("Not a USCC character: " + first17.charAt(i));
			}
			sum += value * WEIGHTS[i];
		}
		int check = (31 - sum % 31) % 31;
		return ALPHABET.charAt(check);
	}

}
