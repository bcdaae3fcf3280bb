package org.paperlink.platform;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * A date in a request is ISO text ({@code 2026-12-01}) and nothing else: Jackson would
 * otherwise read {@code [1,2,3]} as the 3rd of February of the year 1.
 */
public class StrictDates extends SimpleModule {

	public StrictDates() {
		super("paperlink-strict-dates");
		addDeserializer(LocalDate.class, new ValueDeserializer<>() {

			@Override
			public LocalDate deserialize(JsonParser parser, DeserializationContext context) {
				if (parser.currentToken() != JsonToken.VALUE_STRING) {
					return context.reportInputMismatch(LocalDate.class, "a date is text such as 2026-12-01");
				}
				String text = parser.getString().strip();
				try {
					return LocalDate.parse(text);
				}
				catch (DateTimeParseException ex) {
					throw context.weirdStringException(text, LocalDate.class, "not a date such as 2026-12-01");
				}
			}

		});
	}

}
