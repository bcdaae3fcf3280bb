package org.paperlink.platform;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.web.method.HandlerMethod;

import org.springframework.http.HttpMethod;

/**
 * Completes each service's OpenAPI document with what every operation shares, so that a
 * generated client knows it: the problems it may answer (as
 * {@code application/problem+json}), and no bearer token on the public operations of the
 * access matrix. The problems an operation answers besides these (409, 422, …) it
 * declares itself with {@code @ApiResponse}; a documented status is then described here
 * too. A test of each service checks the result against every status its integration
 * tests saw.
 */
class ApiDocumentation implements OpenApiCustomizer, OperationCustomizer {

	static final String PROBLEM = "Problem";

	private static final String PROBLEM_JSON = "application/problem+json";

	private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(Map.entry("400", "请求无效 Bad request"),
			Map.entry("401", "未登录或令牌无效 Not signed in, or the token is expired or revoked"),
			Map.entry("403", "无权操作 Forbidden"), Map.entry("404", "不存在 Not found"),
			Map.entry("406", "无法提供所要求的格式（见 Accept） Not acceptable: see Accept"),
			Map.entry("409", "与当前状态冲突 Conflicts with the current state"), Map.entry("413", "请求体过大 Payload too large"),
			Map.entry("415", "不支持的内容类型 Unsupported media type"), Map.entry("422", "不符合业务规则 Breaks a rule"),
			Map.entry("429", "过于频繁，见 Retry-After Too many requests: see Retry-After"),
			Map.entry("503", "暂不可用，见 Retry-After Unavailable for now: see Retry-After"));

	private final AccessMatrix matrix;

	ApiDocumentation(AccessMatrix matrix) {
		this.matrix = matrix;
	}

	/** The handler's own problems ({@link Problems}). */
	@Override
	public Operation customize(Operation operation, HandlerMethod handler) {
		Problems declared = handler.getMethodAnnotation(Problems.class);
		if (declared != null) {
			if (operation.getResponses() == null) {
				operation.setResponses(new ApiResponses());
			}
			for (org.springframework.http.HttpStatus status : declared.value()) {
				problem(operation.getResponses(), Integer.toString(status.value()));
			}
		}
		return operation;
	}

	@Override
	public void customise(OpenAPI api) {
		api.getComponents().addSchemas(PROBLEM, problemSchema());
		if (api.getPaths() == null) {
			return;
		}
		api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			HttpMethod httpMethod = HttpMethod.valueOf(method.name());
			boolean open = this.matrix.ruleFor(httpMethod, path).map(AccessMatrix.Rule::isPublic).orElse(false);
			document(path, httpMethod, open, operation);
		}));
	}

	private void document(String path, HttpMethod method, boolean open, Operation operation) {
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		operation.setResponses(responses);
		if (open) {
			// an empty requirement overrides the document's bearer one: no token is sent
			operation.setSecurity(List.of());
		}
		else {
			problem(responses, "401");
			problem(responses, "403");
		}
		boolean write = !HttpMethod.GET.equals(method);
		if (operation.getRequestBody() != null
				|| (operation.getParameters() != null && !operation.getParameters().isEmpty())) {
			problem(responses, "400");
		}
		if (operation.getRequestBody() != null) {
			problem(responses, "413");
			problem(responses, "415");
		}
		if (path.contains("{")) {
			problem(responses, "404");
		}
		if (write) {
			// the rate limits count writes (RateLimitFilter)
			problem(responses, "429");
		}
		else {
			// a read answers JSON (or its file): an Accept that rules those out gets 406
			problem(responses, "406");
		}
		responses.forEach((status, response) -> {
			if (status.startsWith("4") || status.startsWith("5")) {
				describeProblem(status, response);
			}
		});
	}

	private static void problem(ApiResponses responses, String status) {
		if (!responses.containsKey(status)) {
			responses.addApiResponse(status, new ApiResponse());
		}
	}

	private static void describeProblem(String status, ApiResponse response) {
		if (response.getDescription() == null || response.getDescription().isBlank()) {
			response.setDescription(DESCRIPTIONS.getOrDefault(status, "Problem"));
		}
		response.setContent(new Content().addMediaType(PROBLEM_JSON,
				new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
	}

	/** RFC 9457, as {@link ProblemDetailsAdvice} writes it. */
	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("RFC 9457 problem details, in the caller's language (zh-CN by default)")
			.addProperty("type", new StringSchema().format("uri").example("urn:paperlink:problem:validation"))
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema())
			.addProperty("detail", new StringSchema())
			.addProperty("instance", new StringSchema().format("uri"))
			.addProperty("errors",
					new ArraySchema().description("the fields at fault")
						.items(new ObjectSchema().addProperty("field", new StringSchema())
							.addProperty("message", new StringSchema())));
	}

}
