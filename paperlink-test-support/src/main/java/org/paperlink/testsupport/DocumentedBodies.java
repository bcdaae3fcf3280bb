package org.paperlink.testsupport;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whether a response body keeps the schema an OpenAPI 3.1 document gives it: the
 * operation's response for that status, in that media type (or {@code *}{@code /*}), with
 * the document's component schemas. A field answered as null is taken as absent (the
 * documents do not mark what may be null). No schema documented: nothing to check.
 */
final class DocumentedBodies {

	private static final SchemaRegistry registry = SchemaRegistry
		.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final JsonNode document;

	private final String definitions;

	private final Map<String, Schema> schemas = new HashMap<>();

	DocumentedBodies(String document) {
		this.document = json.readTree(document);
		this.definitions = localRefs(json.writeValueAsString(this.document.path("components").path("schemas")));
	}

	/** What is wrong with the body; empty when it keeps its documented schema. */
	List<String> violations(String method, String template, int status, String contentType, String body) {
		JsonNode content = this.document.path("paths")
			.path(template)
			.path(method.toLowerCase(Locale.ROOT))
			.path("responses")
			.path(Integer.toString(status))
			.path("content");
		JsonNode media = mediaOf(content, contentType);
		if (media == null || !media.has("schema")) {
			return List.of();
		}
		Schema schema = this.schemas.computeIfAbsent(method + " " + template + " " + status + " " + contentType,
				(key) -> registry.getSchema(rootOf(media.get("schema"))));
		JsonNode value;
		try {
			value = withoutNulls(json.readTree(body));
		}
		catch (JacksonException ex) {
			return List.of("not JSON: " + ex.getOriginalMessage());
		}
		return schema.validate(value).stream().map(Object::toString).toList();
	}

	private static JsonNode mediaOf(JsonNode content, String contentType) {
		if (content.isMissingNode() || content.isEmpty()) {
			return null;
		}
		String type = (contentType != null) ? contentType.split(";")[0].strip() : "";
		if (content.has(type)) {
			return content.get(type);
		}
		if (content.has("*/*")) {
			return content.get("*/*");
		}
		return null;
	}

	/** The response's schema with the component schemas beside it, as {@code $defs}. */
	private String rootOf(JsonNode schema) {
		return "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"$defs\":" + this.definitions
				+ ",\"allOf\":[" + localRefs(json.writeValueAsString(schema)) + "]}";
	}

	private static String localRefs(String schemaText) {
		return schemaText.replace("#/components/schemas/", "#/$defs/");
	}

	private static JsonNode withoutNulls(JsonNode node) {
		if (node instanceof ObjectNode object) {
			Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
			while (fields.hasNext()) {
				Map.Entry<String, JsonNode> field = fields.next();
				if (field.getValue().isNull()) {
					fields.remove();
				}
				else {
					withoutNulls(field.getValue());
				}
			}
		}
		else if (node instanceof ArrayNode array) {
			array.forEach(DocumentedBodies::withoutNulls);
		}
		return node;
	}

}
