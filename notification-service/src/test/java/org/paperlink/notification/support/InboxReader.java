package org.paperlink.notification.support;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Reads an inbox over HTTP the way a client does. */
public final class InboxReader {

	private final WebTestClient client;

	public InboxReader(WebTestClient client) {
		this.client = client;
	}

	public long total(String token) {
		return ((Number) get("/api/v1/inbox", token).get("total")).longValue();
	}

	public long unread(String token) {
		return ((Number) get("/api/v1/inbox/unread-count", token).get("unread")).longValue();
	}

	/** The id of the newest entry, or null while the inbox is empty. */
	public String newestId(String token) {
		List<?> items = (List<?>) get("/api/v1/inbox", token).get("items");
		return items.isEmpty() ? null : (String) ((Map<?, ?>) items.get(0)).get("id");
	}

	/**
	 * A page of the inbox as listed by {@code query}, for example {@code ?page=1&size=1}.
	 */
	public Map<?, ?> page(String token, String query) {
		return get("/api/v1/inbox" + query, token);
	}

	/** Marks an entry read, as the console does: the entry as answered. */
	public Map<?, ?> markRead(String token, String entryId) {
		return this.client.post()
			.uri("/api/v1/inbox/{id}/read", entryId)
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private Map<?, ?> get(String path, String token) {
		return this.client.get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

}
