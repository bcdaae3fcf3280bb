package org.paperlink.platform;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.context.MessageSource;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/**
 * Turns every error into RFC 9457 {@code application/problem+json} in the caller's
 * language (zh-CN unless {@code Accept-Language} asks for English), with field errors
 * listed and no stack trace or class name ever shown.
 */
@ControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Pattern MESSAGE_KEY = Pattern.compile("\\{([\\w.]+)}");

	private static final Log log = LogFactory.getLog(ProblemDetailsAdvice.class);

	@ExceptionHandler(OptimisticLockingFailureException.class)
	Mono<ResponseEntity<Object>> handleConcurrentChange(OptimisticLockingFailureException ex,
			ServerWebExchange exchange) {
		return handleException(DomainProblem.conflict("concurrent-change"), exchange);
	}

	@ExceptionHandler(Refusal.class)
	Mono<ResponseEntity<Object>> handleRefusal(Refusal refusal, ServerWebExchange exchange) {
		return handleException(DomainProblem.of(refusal), exchange);
	}

	@ExceptionHandler(DuplicateKeyException.class)
	Mono<ResponseEntity<Object>> handleDuplicate(DuplicateKeyException ex, ServerWebExchange exchange) {
		return handleException(DomainProblem.conflict("duplicate"), exchange);
	}

	/**
	 * The store cannot be reached: nothing was written, and the caller may try again
	 * shortly.
	 */
	@ExceptionHandler(DataAccessResourceFailureException.class)
	Mono<ResponseEntity<Object>> handleStoreUnavailable(DataAccessResourceFailureException ex,
			ServerWebExchange exchange) {
		log.warn("Store unavailable on " + exchange.getRequest().getPath() + ": " + ex.getMessage());
		DomainProblem problem = new DomainProblem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable");
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
		return handleException(problem, exchange);
	}

	/**
	 * A query or path parameter breaking its constraint (checked by {@code @Validated}
	 * controllers): 400 naming the parameter.
	 */
	@ExceptionHandler(ConstraintViolationException.class)
	Mono<ResponseEntity<Object>> handleParameterViolation(ConstraintViolationException ex, ServerWebExchange exchange) {
		Locale locale = locale(exchange);
		List<Map<String, String>> errors = new ArrayList<>();
		for (ConstraintViolation<?> violation : ex.getConstraintViolations()) {
			String parameter = null;
			for (jakarta.validation.Path.Node node : violation.getPropertyPath()) {
				parameter = node.getName();
			}
			errors.add(fieldError(parameter, parameterMessage(violation, locale)));
		}
		ProblemDetail problem = localized(HttpStatus.BAD_REQUEST, "validation", exchange, errors.size());
		problem.setProperty("errors", errors);
		return createResponseEntity(problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, exchange);
	}

	private String parameterMessage(ConstraintViolation<?> violation, Locale locale) {
		Matcher key = MESSAGE_KEY.matcher(violation.getMessageTemplate());
		if (key.matches() && getMessageSource() != null) {
			String name = key.group(1).startsWith("jakarta.validation.constraints.")
					? key.group(1).substring("jakarta.validation.constraints.".length()).replace(".message", "")
					: key.group(1);
			String resolved = getMessageSource().getMessage(name, null, null, locale);
			if (resolved != null) {
				return resolved;
			}
		}
		return violation.getMessage();
	}

	/** A body a handler reads itself (an uploaded file) beyond the limit it set. */
	@ExceptionHandler(DataBufferLimitException.class)
	Mono<ResponseEntity<Object>> handleBodyLimit(DataBufferLimitException ex, ServerWebExchange exchange) {
		return createResponseEntity(localized(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", exchange),
				new HttpHeaders(), HttpStatus.CONTENT_TOO_LARGE, exchange);
	}

	@ExceptionHandler(AccessDeniedException.class)
	Mono<ResponseEntity<Object>> handleAccessDenied(AccessDeniedException ex, ServerWebExchange exchange) {
		return handleException(DomainProblem.forbidden("forbidden"), exchange);
	}

	@ExceptionHandler(Exception.class)
	Mono<ResponseEntity<Object>> handleUnexpected(Exception ex, ServerWebExchange exchange) {
		log.error("Unexpected error on " + exchange.getRequest().getPath(), ex);
		ProblemDetail problem = localized(HttpStatus.INTERNAL_SERVER_ERROR, "internal", exchange);
		return createResponseEntity(problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(WebExchangeBindException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		Locale locale = locale(exchange);
		List<Map<String, String>> errors = new ArrayList<>();
		for (FieldError error : ex.getFieldErrors()) {
			errors.add(fieldError(error.getField(), FieldErrorMessages.of(error, getMessageSource(), locale)));
		}
		for (ObjectError error : ex.getGlobalErrors()) {
			errors.add(fieldError(error.getObjectName(), FieldErrorMessages.of(error, getMessageSource(), locale)));
		}
		ProblemDetail problem = localized(HttpStatus.BAD_REQUEST, "validation", exchange, errors.size());
		problem.setProperty("errors", errors);
		return createResponseEntity(problem, headers, HttpStatus.BAD_REQUEST, exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		if (cause instanceof DataBufferLimitException) {
			return createResponseEntity(localized(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", exchange), headers,
					HttpStatus.CONTENT_TOO_LARGE, exchange);
		}
		if (cause instanceof UnrecognizedPropertyException unknown) {
			String field = jsonPath(unknown);
			ProblemDetail problem = localized(HttpStatus.BAD_REQUEST, "unknown-field", exchange, field);
			problem.setProperty("errors", List.of(fieldError(field, problem.getDetail())));
			return createResponseEntity(problem, headers, HttpStatus.BAD_REQUEST, exchange);
		}
		if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
			String field = jsonPath(databind);
			ProblemDetail problem = localized(HttpStatus.BAD_REQUEST, "validation", exchange, 1);
			problem.setProperty("errors", List.of(fieldError(field, getMessageSource()
				.getMessage("problem.malformed-field.detail", new Object[] { field }, locale(exchange)))));
			return createResponseEntity(problem, headers, HttpStatus.BAD_REQUEST, exchange);
		}
		return super.handleServerWebInputException(ex, headers, status, exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
			ServerWebExchange exchange) {
		boolean untyped = body instanceof ProblemDetail detail
				&& (detail.getType() == null || "about:blank".equals(detail.getType().toString()));
		if (untyped && status.value() == HttpStatus.CONTENT_TOO_LARGE.value()) {
			body = localized(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", exchange);
		}
		if (body instanceof ProblemDetail problem) {
			if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
				problem.setType(URI.create(DomainProblem.TYPE_PREFIX + "http-" + status.value()));
			}
			problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
			// a problem is JSON even to a caller that asked for a stream (EventSource)
			HttpHeaders typed = new HttpHeaders();
			typed.putAll(headers);
			typed.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
			headers = typed;
		}
		return super.createResponseEntity(body, headers, status, exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleErrorResponseException(
			org.springframework.web.ErrorResponseException ex, HttpHeaders headers, HttpStatusCode status,
			ServerWebExchange exchange) {
		if (ex instanceof DomainProblem problem && problem.getField() != null) {
			ProblemDetail body = problem.updateAndGetBody(getMessageSource(), locale(exchange));
			body.setProperty("errors", List.of(fieldError(problem.getField(), body.getDetail())));
			return createResponseEntity(body, headers, status, exchange);
		}
		return super.handleErrorResponseException(ex, headers, status, exchange);
	}

	private ProblemDetail localized(HttpStatus status, String slug, ServerWebExchange exchange, Object... args) {
		ProblemDetail problem = new DomainProblem(status, slug, args).updateAndGetBody(getMessageSource(),
				locale(exchange));
		return problem;
	}

	private static Map<String, String> fieldError(String field, String message) {
		Map<String, String> error = new LinkedHashMap<>();
		error.put("field", field);
		error.put("message", message);
		return error;
	}

	private static String jsonPath(DatabindException ex) {
		StringBuilder path = new StringBuilder();
		ex.getPath().forEach((reference) -> {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		});
		return path.toString();
	}

	private static Locale locale(ServerWebExchange exchange) {
		return RequestLanguage.of(exchange);
	}

}
