package org.paperlink.notification.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live reader that cannot keep up is told so: it is sent what it had room for, then
 * {@code resync}, and its stream ends, instead of losing entries without a word.
 */
class LiveInboxReaderTests {

	@Test
	void aReaderThatFallsBehindItsBufferGetsWhatFitThenResyncAndItsStreamEnds() {
		LiveInbox.Reader reader = new LiveInbox.Reader(Set.of("role:PARTY_COMMITTEE"), 4);
		for (long offset = 0; offset < 10; offset++) {
			reader.offer(entry("role:PARTY_COMMITTEE", offset));
		}

		List<LiveInbox.LiveEvent> received = reader.events().collectList().block(Duration.ofSeconds(5));

		assertThat(received).hasSizeGreaterThanOrEqualTo(5).last().isEqualTo(LiveInbox.RESYNC);
		assertThat(received.subList(0, received.size() - 1))
			.allSatisfy((event) -> assertThat(event).isInstanceOf(LiveInbox.Entry.class));
	}

	@Test
	void aReaderThatKeepsUpGetsEveryEntryOfItsRecipientsOnly() {
		LiveInbox.Reader reader = new LiveInbox.Reader(Set.of("member:m1"), 4);
		StepVerifier.create(reader.events())
			.then(() -> reader.offer(entry("member:m1", 1)))
			.expectNextMatches((event) -> ((LiveInbox.Entry) event).offset() == 1)
			.then(() -> reader.offer(entry("member:m2", 2)))
			.then(() -> reader.offer(entry("member:m1", 3)))
			.expectNextMatches((event) -> ((LiveInbox.Entry) event).offset() == 3)
			.thenCancel()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void anEntrySharedByAnAudienceReachesItsReadersAndNoOneElse() {
		LiveInbox.Reader member = new LiveInbox.Reader(Set.of("member:m2"), 4);
		LiveInbox.Reader outsider = new LiveInbox.Reader(Set.of("member:m9"), 4);
		LiveInbox.Entry notice = new LiveInbox.Entry(7, entry("member:m1", 7).item(),
				List.of("member:m1", "member:m2", "member:m3"), "{}");

		member.offer(notice);
		outsider.offer(notice);

		StepVerifier.create(member.events()).expectNext(notice).thenCancel().verify(Duration.ofSeconds(5));
		StepVerifier.create(outsider.events())
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(200))
			.thenCancel()
			.verify(Duration.ofSeconds(5));
	}

	private static LiveInbox.Entry entry(String recipient, long offset) {
		return new LiveInbox.Entry(offset, new InboxItem("e" + offset, "org.paperlink.test.v1", "s", "第" + offset + "条",
				"正文", false, false, null, Instant.now()), List.of(recipient), "{}");
	}

}
