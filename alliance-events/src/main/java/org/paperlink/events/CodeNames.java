package org.paperlink.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What people call the codes the API and the events carry (PAPERMAKING is 造纸), in
 * Simplified Chinese and English. The names live in one file,
 * {@code vocabulary/code-names.json}; the enums, the notification texts and the web
 * console all read them from there, so a name is changed in one place.
 */
public final class CodeNames {

	/** A code's two names. */
	public record Names(String zh, String en) {

	}

	private static final Map<String, Names> NAMES = load();

	private CodeNames() {
	}

	/** The Chinese name of a code, or the code itself when it has none. */
	public static String zh(String code) {
		return find(code).map(Names::zh).orElse(code);
	}

	public static String zh(Enum<?> code) {
		return zh(code.name());
	}

	public static String en(String code) {
		return find(code).map(Names::en).orElse(code);
	}

	public static String en(Enum<?> code) {
		return en(code.name());
	}

	public static Optional<Names> find(String code) {
		return Optional.ofNullable((code != null) ? NAMES.get(code) : null);
	}

	/** Every code with its names, in the file's order. */
	public static Map<String, Names> all() {
		return NAMES;
	}

	private static Map<String, Names> load() {
		try (InputStream in = CodeNames.class.getResourceAsStream("/vocabulary/code-names.json")) {
			if (in == null) {
				throw new IllegalStateException("vocabulary/code-names.json is missing from the class path");
			}
			JsonNode codes = JsonMapper.builder().build().readTree(in).get("codes");
			Map<String, Names> names = new LinkedHashMap<>();
			codes.properties()
				.forEach((code) -> names.put(code.getKey(),
						new Names(code.getValue().get("zh-CN").asString(), code.getValue().get("en").asString())));
			return Collections.unmodifiableMap(names);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
