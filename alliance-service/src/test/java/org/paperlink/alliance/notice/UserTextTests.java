package org.paperlink.alliance.notice;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A notice's text is kept as the secretariat typed it, markup aside: "R&D" must not reach
 * the console, an email or a robot as "R&amp;D" (issue 14, item 7).
 */
class UserTextTests {

	@Test
	void ampersandsQuotesAndComparisonsAreKeptAsTyped() {
		assertThat(UserText.clean("R&D 部门“技改”通知")).isEqualTo("R&D 部门“技改”通知");
		assertThat(UserText.clean("产量 < 10万吨 & 利润 > 0, \"原文\" 'quoted'"))
			.isEqualTo("产量 < 10万吨 & 利润 > 0, \"原文\" 'quoted'");
	}

	@Test
	void lineBreaksAndMarkdownSurvive() {
		assertThat(UserText.clean("**议程**\n1. 总结\n2. 部署")).isEqualTo("**议程**\n1. 总结\n2. 部署");
	}

	@Test
	void markupIsRemovedEvenWhenTypedEscaped() {
		assertThat(UserText.clean("<b onmouseover=alert(1)>会议</b>通知")).isEqualTo("会议通知");
		assertThat(UserText.clean("正文<script>alert('x')</script>")).isEqualTo("正文");
		assertThat(UserText.clean("正文&lt;script&gt;alert(1)&lt;/script&gt;")).isEqualTo("正文");
		assertThat(UserText.clean("&amp;lt;img src=x onerror=alert(2)&amp;gt;正文")).isEqualTo("正文");
	}

}
