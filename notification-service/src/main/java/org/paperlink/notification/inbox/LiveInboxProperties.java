package org.paperlink.notification.inbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The live inbox stream.
 *
 * @param topic the one-partition topic every replica writes new entries to and reads them
 * from; its offsets are the stream's event ids
 * @param retention how long entries stay on it, and so how long a stream can resume
 * @param buffer entries held for one slow reader before it is told to resync
 * @param replayLimit the most records a resume reads; further behind, it is told to
 * resync
 * @param retry how long a browser waits before it reconnects (the SSE {@code retry:})
 */
@ConfigurationProperties("paperlink.inbox.live")
public record LiveInboxProperties(@DefaultValue("paperlink.notification.inbox-live") String topic,
		@DefaultValue("1d") Duration retention, @DefaultValue("1024") int buffer,
		@DefaultValue("100000") int replayLimit, @DefaultValue("3s") Duration retry) {

}
