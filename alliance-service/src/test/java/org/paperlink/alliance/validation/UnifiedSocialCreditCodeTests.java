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

	@ParameterizedTest
	@CsvSource({ "91350100M000100Y4, 3", "91110108551385082, Q", "9111000071093123X, X" })
	void computesTheCheckCharacterOfPublishedCodes(String first17, char check) {
		assertThat(UnifiedSocialCreditCode.checkCharacter(first17)).isEqualTo(check);
	}

}
