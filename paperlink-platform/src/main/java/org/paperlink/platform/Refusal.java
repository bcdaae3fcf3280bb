package org.paperlink.platform;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A business rule said no. Rules raise it without knowing of HTTP: the web edge turns it
 * into a problem response, its {@link Kind} deciding the status. The {@code slug} is
 * stable: it names the problem type ({@code urn:paperlink:problem:<slug>}) and the
 * message keys {@code problem.<slug>.title} and {@code problem.<slug>.detail}, so the
 * text follows the caller's language. A refusal that concerns one request field names it,
 * so that a form can show it beside that field.
 */
public class Refusal extends RuntimeException {

	/** What kind of no it is. */
	public enum Kind {

		/** The request is well formed but the rules do not allow it. */
		INVALID,

		/** The request itself is malformed. */
		MALFORMED,

		/**
		 * The state of things forbids it now (a decided application, a closed listing).
		 */
		CONFLICT,

		/** Not the caller's to do. */
		FORBIDDEN,

		/** Nothing of that id. */
		NOT_FOUND,

		/** The caller is not who it claims. */
		UNAUTHENTICATED,

		/**
		 * The request was decided on a version of the thing that is no longer current
		 * (its {@code If-Match} no longer matches).
		 */
		PRECONDITION_FAILED

	}

	private final Kind kind;

	private final String slug;

	private final String field;

	private final transient Object[] arguments;

	private final Map<String, Object> properties = new LinkedHashMap<>();

	private Refusal(Kind kind, String slug, String field, Object... arguments) {
		super(slug, null, false, false);
		this.kind = kind;
		this.slug = slug;
		this.field = field;
		this.arguments = arguments.clone();
	}

	/**
	 * The rules do not allow what the request asks; {@code field} is the one at fault.
	 */
	public static Refusal invalid(String slug, String field, Object... arguments) {
		return new Refusal(Kind.INVALID, slug, field, arguments);
	}

	/** The rules do not allow what the request asks, as a whole. */
	public static Refusal invalid(String slug) {
		return new Refusal(Kind.INVALID, slug, null);
	}

	public static Refusal malformed(String slug, String field, Object... arguments) {
		return new Refusal(Kind.MALFORMED, slug, field, arguments);
	}

	public static Refusal conflict(String slug, Object... arguments) {
		return new Refusal(Kind.CONFLICT, slug, null, arguments);
	}

	/**
	 * A conflict with what is already there, on one field (a USCC already registered).
	 */
	public static Refusal conflictOn(String slug, String field, Object... arguments) {
		return new Refusal(Kind.CONFLICT, slug, field, arguments);
	}

	public static Refusal forbidden(String slug, Object... arguments) {
		return new Refusal(Kind.FORBIDDEN, slug, null, arguments);
	}

	public static Refusal notFound(String slug, Object... arguments) {
		return new Refusal(Kind.NOT_FOUND, slug, null, arguments);
	}

	public static Refusal unauthenticated(String slug, Object... arguments) {
		return new Refusal(Kind.UNAUTHENTICATED, slug, null, arguments);
	}

	/** The caller's {@code If-Match} names a version that is no longer current. */
	public static Refusal preconditionFailed(String slug, Object... arguments) {
		return new Refusal(Kind.PRECONDITION_FAILED, slug, null, arguments);
	}

	/** A further member of the problem, such as the statuses a project may move to. */
	public Refusal with(String name, Object value) {
		this.properties.put(name, value);
		return this;
	}

	public Kind kind() {
		return this.kind;
	}

	public String slug() {
		return this.slug;
	}

	/** The request field at fault, or null. */
	public String field() {
		return this.field;
	}

	/** The values the problem's detail message names. */
	public Object[] arguments() {
		return this.arguments.clone();
	}

	public Map<String, Object> properties() {
		return Map.copyOf(this.properties);
	}

	@Override
	public String getMessage() {
		return this.kind + " " + this.slug + ((this.field != null) ? " (" + this.field + ")" : "") + " "
				+ Arrays.toString(this.arguments);
	}

}
