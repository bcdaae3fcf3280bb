package org.paperlink.platform;

import java.util.Locale;

import org.springframework.web.server.ServerWebExchange;

/**
 * The language a request is answered in: what Accept-Language asks for, else Simplified
 * Chinese.
 */
public final class RequestLanguage {

	private RequestLanguage() {
	}

	public static Locale of(ServerWebExchange exchange) {
		Locale locale = exchange.getLocaleContext().getLocale();
		return (locale != null) ? locale : Locale.SIMPLIFIED_CHINESE;
	}

}
