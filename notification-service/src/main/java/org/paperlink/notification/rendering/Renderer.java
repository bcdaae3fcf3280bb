package org.paperlink.notification.rendering;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import org.paperlink.events.CodeNames;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The rendering stage: a notification's text from its Mustache template, per event and
 * language: {@code templates/notifications/<language>/<name>.mustache}. The first line is
 * the title, the rest the body. A language without the template falls back to zh-CN.
 * Templates see the event's fields, plus figures in 万吨/亿元 ({@code <field>Text}) and the
 * Chinese names of codes ({@code <field>Name}, from {@link CodeNames}).
 */
@Component
public class Renderer {

	public static final String DEFAULT_LANGUAGE = "zh-CN";

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final Mustache.Compiler compiler = Mustache.compiler().escapeHTML(false).defaultValue("");

	private final Map<String, Template> compiled = new ConcurrentHashMap<>();

	private final JsonMapper json;

	public Renderer(JsonMapper json) {
		this.json = json;
	}

	/**
	 * Renders a template for an event (or a digest's figures, given as a map) in a
	 * language.
	 */
	public RenderedMessage render(String template, String language, Object subject, boolean urgent) {
		String rendered = template(template, language).execute(model(subject, urgent)).strip();
		int lineEnd = rendered.indexOf('\n');
		return (lineEnd < 0) ? new RenderedMessage(rendered, "")
				: new RenderedMessage(rendered.substring(0, lineEnd).strip(), rendered.substring(lineEnd + 1).strip());
	}

	/** The event's fields by name, as templates (and stored digest material) see them. */
	public Map<String, Object> fields(Object subject) {
		return this.json.convertValue(subject, MAP);
	}

	/**
	 * What a template sees of an event: its fields, {@code urgent} (unless the subject
	 * has its own, as the daily digest's list of urgent titles), and the derived texts.
	 */
	public Map<String, Object> model(Object subject, boolean urgent) {
		Map<String, Object> fields = fields(subject);
		Map<String, Object> model = new LinkedHashMap<>(fields);
		model.putIfAbsent("urgent", urgent);
		fields.forEach((name, value) -> {
			if (value instanceof Number number && name.endsWith("Tonnes")) {
				model.put(name + "Text",
						name.startsWith("change") ? ChineseUnits.tonnesPerYearChange(number.longValue())
								: ChineseUnits.tonnesPerYear(number.longValue()));
			}
			else if (value instanceof Number number && name.endsWith("Yuan")) {
				model.put(name + "Text", ChineseUnits.yuan(number.longValue()));
			}
			else if (value instanceof Double fraction && name.equals("score")) {
				model.put("scoreText", Math.round(fraction * 100) + "%");
			}
			else if (value instanceof String code && code.matches("[A-Z_]+")) {
				model.put(name + "Name", CodeNames.zh(code));
			}
		});
		return model;
	}

	private Template template(String name, String language) {
		return this.compiled.computeIfAbsent(language + "/" + name, (key) -> {
			ClassPathResource resource = new ClassPathResource("templates/notifications/" + key + ".mustache");
			if (!resource.exists()) {
				if (DEFAULT_LANGUAGE.equals(language)) {
					throw new IllegalStateException("No notification template " + key);
				}
				return template(name, DEFAULT_LANGUAGE);
			}
			try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
				return this.compiler.compile(reader);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

}
