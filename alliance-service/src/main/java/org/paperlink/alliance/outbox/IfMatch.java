package org.paperlink.alliance.outbox;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.paperlink.alliance.domain.Aggregate;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * A command's {@code If-Match}: the aggregate versions (its ETags, {@code "7"}) the
 * caller decided on. The web edge puts it in the Reactor context with
 * {@code .contextWrite(IfMatch.header(ifMatch))}; {@link AggregateStore#decide} reads it.
 * Without one, a command that loses a race is decided again on the newer state; with one,
 * it is refused (412), since the caller decided on what it saw.
 */
public final class IfMatch {

	/** What the OpenAPI description says of a command that takes {@code If-Match}. */
	public static final String DOCUMENTED = "Optional If-Match: the ETag of the member's profile it was decided on; "
			+ "412 version-changed when the member changed meanwhile. Without it, a command that loses a race with "
			+ "another is decided again on the newer state (409 concurrent-change only when that keeps failing).";

	private static final String KEY = IfMatch.class.getName();

	private final Set<String> tags;

	private IfMatch(Set<String> tags) {
		this.tags = tags;
	}

	/** The context carrying {@code header}; nothing for no header or {@code *}. */
	public static Function<Context, Context> header(String header) {
		if (header == null || header.isBlank() || header.strip().equals("*")) {
			return Function.identity();
		}
		Set<String> tags = Arrays.stream(header.split(","))
			.map(String::strip)
			.map((tag) -> tag.startsWith("W/") ? tag.substring(2) : tag)
			.map((tag) -> (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\""))
					? tag.substring(1, tag.length() - 1) : tag)
			.collect(Collectors.toUnmodifiableSet());
		return (context) -> context.put(KEY, new IfMatch(tags));
	}

	/** The ETag of an aggregate at {@code version}: {@code "7"}. */
	public static String etag(long version) {
		return "\"" + version + "\"";
	}

	static Optional<IfMatch> of(ContextView context) {
		return context.getOrEmpty(KEY);
	}

	boolean matches(Aggregate current) {
		return this.tags.contains(Long.toString(current.version()));
	}

}
