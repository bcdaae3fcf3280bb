package org.paperlink.alliance.demo;

import org.junit.jupiter.api.Test;
import org.paperlink.alliance.security.AccountService;
import org.paperlink.alliance.support.AllianceIntegrationTest;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guard that runs outside the demo profile, run here against the demo store: it must
 * refuse, naming the accounts that still have the demo password.
 */
@AllianceIntegrationTest
class DemoSecretsGuardTests {

	@Autowired
	private AccountService accounts;

	@Autowired
	private JsonMapper json;

	@Test
	void outsideTheDemoProfileTheServiceRefusesToStartWhileDemoPasswordsRemain() {
		assertThatThrownBy(() -> new DemoSecretsGuard(this.accounts, this.json).run(null))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("demo password")
			.hasMessageContaining("secretariat");
	}

}
