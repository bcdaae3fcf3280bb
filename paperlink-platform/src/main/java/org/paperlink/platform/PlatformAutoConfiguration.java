package org.paperlink.platform;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.http.codec.ServerCodecConfigurer;

/** Registers the shared error handling and security pieces in each service. */
@AutoConfiguration
public class PlatformAutoConfiguration {

	@Bean
	ProblemDetailsAdvice problemDetailsAdvice() {
		return new ProblemDetailsAdvice();
	}

	@Bean
	ProblemResponseWriter problemResponseWriter(ServerCodecConfigurer codecs, MessageSource messageSource) {
		return new ProblemResponseWriter(codecs, messageSource);
	}

	@Bean
	FallbackProblemHandler fallbackProblemHandler(ProblemDetailsAdvice advice, ProblemResponseWriter writer) {
		return new FallbackProblemHandler(advice, writer);
	}

	@Bean
	ResourceServerSecurity resourceServerSecurity(ProblemResponseWriter writer) {
		return new ResourceServerSecurity(writer);
	}

}
