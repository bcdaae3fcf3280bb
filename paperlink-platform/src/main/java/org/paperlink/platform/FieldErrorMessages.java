package org.paperlink.platform;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.validation.ConstraintViolation;

import org.springframework.context.MessageSource;
import org.springframework.validation.ObjectError;

/**
 * A validation error in the reader's language, worded the same wherever it is shown: in a
 * 400 problem, or in a per-row report such as the member import's preview.
 */
public final class FieldErrorMessages {

	private static final Pattern MESSAGE_KEY = Pattern.compile("\\{([\\w.]+)}");

	private FieldErrorMessages() {
	}

	/**
	 * A constraint with its own message key (such as {@code {UsccCheckCharacter}}) is
	 * resolved by that key; the standard constraints are resolved by their names
	 * ({@code NotBlank}, {@code Size}), both in the given language.
	 */
	public static String of(ObjectError error, MessageSource messageSource, Locale locale) {
		if (messageSource == null) {
			return error.getDefaultMessage();
		}
		if (error.contains(ConstraintViolation.class)) {
			Matcher key = MESSAGE_KEY.matcher(error.unwrap(ConstraintViolation.class).getMessageTemplate());
			if (key.matches() && !key.group(1).startsWith("jakarta.validation.")) {
				String resolved = messageSource.getMessage(key.group(1), error.getArguments(), null, locale);
				if (resolved != null) {
					return resolved;
				}
			}
		}
		return messageSource.getMessage(error, locale);
	}

}
