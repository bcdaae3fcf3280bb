package org.paperlink.platform;

import java.time.Duration;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A business rule said no. The {@code slug} is stable: it names the problem type
 * ({@code urn:paperlink:problem:<slug>}) and the message keys
 * {@code problem.<slug>.title} and {@code problem.<slug>.detail}, so the text follows the
 * caller's language. When the problem concerns one request field it names it, so that a
 * form can show it next to the field.
 */
public class DomainProblem extends ErrorResponseException {

	public static final String TYPE_PREFIX = "urn:paperlink:problem:";

	private final String slug;

	private final String field;

	public DomainProblem(HttpStatus status, String slug, Object... detailArguments) {
		this(status, slug, null, detailArguments);
	}

	private DomainProblem(HttpStatus status, String slug, String field, Object... detailArguments) {
		super(status, problem(status, slug), null, "problem." + slug + ".detail", detailArguments);
		this.slug = slug;
		this.field = field;
	}

	/** A problem about one request field, shown beside that field. */
	public static DomainProblem onField(HttpStatus status, String slug, String field, Object... detailArguments) {
		return new DomainProblem(status, slug, field, detailArguments);
	}

	public static DomainProblem notFound(String slug, Object... detailArguments) {
		return new DomainProblem(HttpStatus.NOT_FOUND, slug, detailArguments);
	}

	public static DomainProblem conflict(String slug, Object... detailArguments) {
		return new DomainProblem(HttpStatus.CONFLICT, slug, detailArguments);
	}

	public static DomainProblem forbidden(String slug, Object... detailArguments) {
		return new DomainProblem(HttpStatus.FORBIDDEN, slug, detailArguments);
	}

	/** 429, with {@code Retry-After} in whole seconds (at least one). */
	public static DomainProblem tooManyRequests(String slug, Duration wait, Object... detailArguments) {
		DomainProblem problem = new DomainProblem(HttpStatus.TOO_MANY_REQUESTS, slug, detailArguments);
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds())));
		return problem;
	}

	/** The web edge's answer to a rule's refusal. */
	public static DomainProblem of(Refusal refusal) {
		HttpStatus status = switch (refusal.kind()) {
			case INVALID -> HttpStatus.UNPROCESSABLE_CONTENT;
			case MALFORMED -> HttpStatus.BAD_REQUEST;
			case CONFLICT -> HttpStatus.CONFLICT;
			case FORBIDDEN -> HttpStatus.FORBIDDEN;
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
			case PRECONDITION_FAILED -> HttpStatus.PRECONDITION_FAILED;
		};
		DomainProblem problem = new DomainProblem(status, refusal.slug(), refusal.field(), refusal.arguments());
		refusal.properties().forEach((name, value) -> problem.getBody().setProperty(name, value));
		return problem;
	}

	public String getSlug() {
		return this.slug;
	}

	public String getField() {
		return this.field;
	}

	@Override
	public String getTitleMessageCode() {
		return "problem." + this.slug + ".title";
	}

	private static ProblemDetail problem(HttpStatus status, String slug) {
		ProblemDetail problem = ProblemDetail.forStatus(status);
		problem.setType(URI.create(TYPE_PREFIX + slug));
		return problem;
	}

}
