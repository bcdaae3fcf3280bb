package org.paperlink.notification.delivery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 35, item 5: a robot's token is redacted wherever its URL carries it, in the query
 * or in the path, and nothing else is.
 */
class SecretsTests {

	@Test
	void aTokenInTheQueryOrInThePathIsRedacted() {
		assertThat(Secrets.redacted("https://oapi.dingtalk.com/robot/send?access_token=9f8e7d6c5b4a39281706"))
			.isEqualTo("https://oapi.dingtalk.com/robot/send?access_token=***");
		assertThat(Secrets.redacted(
				"https://open.feishu.cn/open-apis/bot/v2/hook/2c5a1b3e-8d4f-4a6b-9c7d-0e1f2a3b4c5d: Connection refused"))
			.isEqualTo("https://open.feishu.cn/open-apis/bot/v2/hook/***: Connection refused");
		assertThat(Secrets.redacted("https://hooks.example.cn/services/T0001/B0002/aZ09xYw8VuT7sR6qP5oN"))
			.isEqualTo("https://hooks.example.cn/services/T0001/B0002/***");
	}

	@Test
	void anAddressWithoutATokenIsLeftAsItIs() {
		String plain = "https://erp.example.cn/open-apis/paperlink-notifications/v2/inbox";
		assertThat(Secrets.redacted(plain)).isEqualTo(plain);
		assertThat(Secrets.redacted("http://127.0.0.1:34567/webhook-500 answered 500")).contains("/webhook-500");
		assertThat(Secrets.redacted(null)).isNull();
	}

}
