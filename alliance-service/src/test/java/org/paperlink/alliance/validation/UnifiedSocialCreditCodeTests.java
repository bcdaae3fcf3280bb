package org.paperlink.alliance.validation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class UnifiedSocialCreditCodeTests {

	@ParameterizedTest(name = "{0} is valid: {1}")
	@CsvSource({ "91350100M000100Y43, true", "91110108551385082Q, true", "9111000071093123XX, true",
			"91350100M000100Y44, false", "91110108551385082A, false", "91350100M000100Y4, false",
			"91350100M000100Y433, false", "91350100I000100Y43, false", "91350100m000100Y43, false" })
	void acceptsOnlyCodesWithTheirGb32100CheckCharacter(String code, boolean valid) {
		assertThat(UnifiedSocialCreditCode.isValid(code)).isEqualTo(valid);
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource({ "000000000000000000, authority 0 does not exist",
			"94350100M000100Y4X, company authority 9 has no kind 4",
			"Y2350100M000100Y4X, authority Y registers kind 1 only", "913501A0M000100Y4X, division code not digits" })
	void refusesCodesWhoseFirstCharactersAreNotInTheStandardsTablesWhateverTheirCheckCharacter(String code,
			String why) {
		String withItsCheck = code.substring(0, 17) + UnifiedSocialCreditCode.checkCharacter(code.substring(0, 17));
		assertThat(UnifiedSocialCreditCode.isValid(withItsCheck)).as(why).isFalse();
		assertThat(UnifiedSocialCreditCode.isWellFormed(withItsCheck)).isTrue();
	}

	@ParameterizedTest
	@CsvSource({ "91350100M000100Y4, 3", "91110108551385082, Q", "9111000071093123X, X" })
	void computesTheCheckCharacterOfPublishedCodes(String first17, char check) {
		assertThat(UnifiedSocialCreditCode.checkCharacter(first17)).isEqualTo(check);
	}

}
