package org.paperlink.notification.inbox;

import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

/**
 * Something that must happen, within the request, when a reader marks an entry read: for
 * a notice, its read receipt. Registered in {@code NotificationWiring}, not discovered.
 */
public interface ReadHook {

	Mono<Void> onRead(InboxItem item, SignedInUser reader);

}
