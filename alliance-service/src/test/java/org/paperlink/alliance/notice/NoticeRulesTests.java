package org.paperlink.alliance.notice;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.paperlink.alliance.domain.Change;
import org.paperlink.events.NoticePublished;
import org.paperlink.platform.Refusal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A scheduled notice's publication, decided without Spring, a store or HTTP. */
class NoticeRulesTests {

	private static final Instant DUE = Instant.parse("2026-12-07T01:00:00Z");

	private static final Instant NOW = Instant.parse("2026-12-07T04:30:00Z");

	private final Notice scheduled = new Notice("n-1", "定时通知", "请知悉。", new Notice.Audience("ALL", List.of(), List.of()),
			"URGENT", false, null, DUE, Notice.NoticeStatus.SCHEDULED, List.of(), "secretariat", DUE.minusSeconds(3600),
			null, 3);

	@Test
	void aScheduledNoticeIsPublishedNowToItsAudienceAsItIsNow() {
		Change<Notice> published = this.scheduled.publish(List.of("m-1", "m-2"), NOW);

		assertThat(published.state().status()).isEqualTo(Notice.NoticeStatus.PUBLISHED);
		assertThat(published.state().publishedAt()).isEqualTo(NOW);
		assertThat(published.events()).singleElement().isInstanceOfSatisfying(NoticePublished.class, (event) -> {
			assertThat(event.audienceMemberIds()).containsExactly("m-1", "m-2");
			assertThat(event.mayHaveBeenToldBefore()).isFalse();
		});
	}

	@Test
	void oneDueBetweenABackupAndItsRestoreIsPublishedAgainAsOfItsTimeAndSaysSo() {
		Change<Notice> published = this.scheduled.publishAgainAfterRestore(List.of("m-1"));

		assertThat(published.state().status()).isEqualTo(Notice.NoticeStatus.PUBLISHED);
		assertThat(published.state().publishedAt()).isEqualTo(DUE);
		assertThat(published.events()).singleElement().isInstanceOfSatisfying(NoticePublished.class, (event) -> {
			assertThat(event.publishedAt()).isEqualTo(DUE);
			assertThat(event.mayHaveBeenToldBefore()).isTrue();
		});
	}

	@Test
	void aPublishedNoticeIsNotPublishedAgain() {
		Notice published = this.scheduled.publish(List.of("m-1"), NOW).state();

		assertThatThrownBy(() -> published.publish(List.of("m-1"), NOW)).isInstanceOfSatisfying(Refusal.class,
				(refusal) -> assertThat(refusal.slug()).isEqualTo("notice-published"));
		assertThatThrownBy(() -> published.publishAgainAfterRestore(List.of("m-1"))).isInstanceOfSatisfying(
				Refusal.class, (refusal) -> assertThat(refusal.slug()).isEqualTo("notice-published"));
	}

}
