package org.paperlink.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Checks a service's committed OpenAPI document ({@code docs/openapi/<service>.json})
 * against the service: it is valid OpenAPI; every status the integration tests saw an
 * operation answer ({@link ObservedResponses}) is among its documented responses, and
 * every documented success status was seen; problems are
 * {@code application/problem+json}; public operations ask for no token; operationIds
 * carry no generated suffix; tags have distinct names.
 */
public final class DocumentedResponses {

	/** Reads the lines of {@link ObservedResponses#BODIES}. */
	private static final JsonMapper BODY_LINES = JsonMapper.builder().build();

	private final OpenAPI api;

	private final List<String> validationMessages;

	private final Map<String, Set<String>> accessRules;

	private final String document;

	/** The document's paths, most specific first; parsed once. */
	private List<PathPattern> templates;

	private DocumentedResponses(OpenAPI api, List<String> validationMessages, Map<String, Set<String>> accessRules,
			String document) {
		this.api = api;
		this.validationMessages = validationMessages;
		this.accessRules = accessRules;
		this.document = document;
	}

	/**
	 * The document of {@code service} and the access matrix on the module's classpath.
	 */
	public static DocumentedResponses of(String service) {
		try {
			String document = Files.readString(PublishedApiDocument.of(service), StandardCharsets.UTF_8);
			ParseOptions options = new ParseOptions();
			options.setResolve(false);
			SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document, null, options);
			List<String> messages = (parsed.getMessages() != null) ? parsed.getMessages() : List.of();
			return new DocumentedResponses(parsed.getOpenAPI(), messages, accessRules(), document);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** What the parser found wrong with the document; empty for a valid one. */
	public List<String> validationMessages() {
		return this.validationMessages;
	}

	/** {@code METHOD template}: every operation of the document. */
	public Set<String> operations() {
		Set<String> operations = new TreeSet<>();
		forEachOperation((key, operation) -> operations.add(key));
		return operations;
	}

	/**
	 * Each status an operation was seen to answer without documenting it, with how often:
	 * {@code POST /api/v1/notices 201 (3×)}.
	 */
	public List<String> undocumentedObservations() {
		Map<String, Integer> misses = new TreeMap<>();
		observations().forEach((observed) -> {
			Operation operation = operation(observed.method(), observed.template());
			if (!operation.getResponses().containsKey(Integer.toString(observed.status()))
					&& !operation.getResponses().containsKey("default")) {
				misses.merge(observed.method() + " " + observed.template() + " " + observed.status(), 1, Integer::sum);
			}
		});
		List<String> listed = new ArrayList<>();
		misses.forEach((miss, count) -> listed.add(miss + " (" + count + "×)"));
		return listed;
	}

	/** Documented success statuses that no test ever saw: what the document promises. */
	public List<String> unobservedSuccesses() {
		Set<String> seen = new HashSet<>();
		observations()
			.forEach((observed) -> seen.add(observed.method() + " " + observed.template() + " " + observed.status()));
		List<String> unseen = new ArrayList<>();
		forEachOperation((key, operation) -> operation.getResponses()
			.keySet()
			.stream()
			.filter((status) -> status.startsWith("2"))
			.map((status) -> key + " " + status)
			.filter((documented) -> !seen.contains(documented))
			.forEach(unseen::add));
		return unseen;
	}

	/**
	 * Error responses that are not {@code application/problem+json} of the problem
	 * schema.
	 */
	public List<String> problemsNotDescribed() {
		List<String> wrong = new ArrayList<>();
		forEachOperation((key, operation) -> operation.getResponses().forEach((status, response) -> {
			if ((status.startsWith("4") || status.startsWith("5")) && !isProblem(response)) {
				wrong.add(key + " " + status);
			}
		}));
		return wrong;
	}

	/** Operations whose security does not follow the access matrix. */
	public List<String> securityNotAsTheAccessMatrix() {
		List<String> wrong = new ArrayList<>();
		boolean bearerByDefault = this.api.getSecurity() != null && !this.api.getSecurity().isEmpty();
		forEachOperation((key, operation) -> {
			boolean open = this.accessRules.getOrDefault(key, Set.of()).contains("PUBLIC");
			boolean asksForToken = (operation.getSecurity() != null) ? !operation.getSecurity().isEmpty()
					: bearerByDefault;
			if (open == asksForToken) {
				wrong.add(key + (open ? " is public but asks for a token" : " needs a token but asks for none"));
			}
		});
		return wrong;
	}

	/** operationIds such as {@code publish_1}, made unique by the generator. */
	public List<String> generatedOperationIds() {
		List<String> generated = new ArrayList<>();
		forEachOperation((key, operation) -> {
			if (operation.getOperationId() == null || operation.getOperationId().matches(".*_\\d+")) {
				generated.add(key + " " + operation.getOperationId());
			}
		});
		return generated;
	}

	/** Tags whose names (or whose English part, after the Chinese) are used twice. */
	public List<String> ambiguousTags() {
		Map<String, List<String>> byEnglish = new TreeMap<>();
		forEachOperation((key, operation) -> {
			if (operation.getTags() != null) {
				operation.getTags().forEach((tag) -> {
					String english = tag.contains(" ") ? tag.substring(tag.indexOf(' ') + 1) : tag;
					List<String> names = byEnglish.computeIfAbsent(english, (name) -> new ArrayList<>());
					if (!names.contains(tag)) {
						names.add(tag);
					}
				});
			}
		});
		return byEnglish.values().stream().filter((names) -> names.size() > 1).map(Object::toString).toList();
	}

	private static boolean isProblem(ApiResponse response) {
		if (response.getContent() == null) {
			return false;
		}
		MediaType problem = response.getContent().get("application/problem+json");
		return problem != null && problem.getSchema() != null && problem.getSchema().get$ref() != null
				&& problem.getSchema().get$ref().endsWith("/Problem");
	}

	private record Observation(String method, String template, int status) {

	}

	/**
	 * The observations of operations in the document; other paths (actuator, console)
	 * left out.
	 */
	private List<Observation> observations() {
		List<Observation> observations = new ArrayList<>();
		for (String line : observedLines(ObservedResponses.FILE)) {
			String[] fields = line.split("\t");
			if (fields.length != 3) {
				continue;
			}
			templateOf(fields[0], fields[1]).ifPresent(
					(template) -> observations.add(new Observation(fields[0], template, Integer.parseInt(fields[2]))));
		}
		return observations;
	}

	/** The document's path template of an operation the request was for, if any. */
	private Optional<String> templateOf(String method, String requested) {
		PathContainer path = PathContainer.parsePath(requested);
		if (this.templates == null) {
			this.templates = this.api.getPaths()
				.keySet()
				.stream()
				.map(PathPatternParser.defaultInstance::parse)
				.sorted(PathPattern.SPECIFICITY_COMPARATOR)
				.toList();
		}
		Optional<PathPattern> template = this.templates.stream().filter((pattern) -> pattern.matches(path)).findFirst();
		return template.map(PathPattern::getPatternString)
			.filter((found) -> this.api.getPaths()
				.get(found)
				.readOperationsMap()
				.containsKey(PathItem.HttpMethod.valueOf(method)));
	}

	/**
	 * Each response body the tests saw (a sample: {@link ObservedResponses}) that does
	 * not keep the schema documented for its operation and status, with what is wrong:
	 * {@code POST /api/v1/member-imports/{id}/confirm 200: $.rows[0]: ...}.
	 */
	public List<String> bodiesNotAsDocumented() {
		DocumentedBodies bodies = new DocumentedBodies(this.document);
		Set<String> mismatches = new TreeSet<>();
		for (String line : observedLines(ObservedResponses.BODIES)) {
			Map<?, ?> observed = BODY_LINES.readValue(line, Map.class);
			String method = (String) observed.get("method");
			int status = ((Number) observed.get("status")).intValue();
			templateOf(method, (String) observed.get("path")).ifPresent((template) -> bodies
				.violations(method, template, status, (String) observed.get("contentType"),
						(String) observed.get("body"))
				.forEach((violation) -> mismatches.add(method + " " + template + " " + status + ": " + violation)));
		}
		return List.copyOf(mismatches);
	}

	/** How many response bodies the tests sampled. */
	public int observedBodies() {
		return observedLines(ObservedResponses.BODIES).size();
	}

	private static List<String> observedLines(Path file) {
		try {
			return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** How many responses the tests observed: a check of nothing proves nothing. */
	public int observedCount() {
		return observations().size();
	}

	private Operation operation(String method, String template) {
		return this.api.getPaths().get(template).readOperationsMap().get(PathItem.HttpMethod.valueOf(method));
	}

	private void forEachOperation(java.util.function.BiConsumer<String, Operation> action) {
		Map<String, Operation> all = new LinkedHashMap<>();
		this.api.getPaths()
			.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
			.forEach((entry) -> entry.getValue()
				.readOperationsMap()
				.forEach((method, operation) -> all.put(method.name() + " " + entry.getKey(), operation)));
		all.forEach(action);
	}

	/**
	 * {@code METHOD path} → who may call it, from the module's {@code access-matrix.yml}.
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, Set<String>> accessRules() {
		try (InputStream in = DocumentedResponses.class.getResourceAsStream("/access-matrix.yml")) {
			if (in == null) {
				return Map.of();
			}
			Map<String, Object> root = new Yaml().load(in);
			Map<String, Object> access = (Map<String, Object>) ((Map<String, Object>) root.get("paperlink"))
				.get("access");
			Map<String, Set<String>> rules = new LinkedHashMap<>();
			for (Map<String, Object> rule : (List<Map<String, Object>>) access.get("rules")) {
				rules.putIfAbsent((String) rule.get("endpoint"), Set.copyOf((List<String>) rule.get("allow")));
			}
			return rules;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
