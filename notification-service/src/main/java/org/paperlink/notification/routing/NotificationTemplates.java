package org.paperlink.notification.routing;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Notification texts as Mustache templates, per event and language:
 * {@code templates/notifications/<language>/<name>.mustache}. The first line is the
 * title, the rest the body. A language without the template falls back to zh-CN.
 */
@Component
public class NotificationTemplates {

	public static final String DEFAULT_LANGUAGE = "zh-CN";

	private final Mustache.Compiler compiler = Mustache.compiler().escapeHTML(false).defaultValue("");

	private final Map<String, Template> compiled = new ConcurrentHashMap<>();

	public record Text(String title, String body) {

	}

	public Text render(String name, String language, Map<String, Object> model) {
		String rendered = template(name, language).execute(model).strip();
		int lineEnd = rendered.indexOf('\n');
		return (lineEnd < 0) ? new Text(rendered, "")
				: new Text(rendered.substring(0, lineEnd).strip(), rendered.substring(lineEnd + 1).strip());
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
