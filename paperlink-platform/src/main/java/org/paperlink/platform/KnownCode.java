package org.paperlink.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * The code of a known enum constant, such as a pillar or category code. Codes arrive as
 * strings so that an unknown one is reported on its field instead of failing the whole
 * request body.
 */
@Documented
@Constraint(validatedBy = KnownCode.Validator.class)
@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface KnownCode {

	Class<? extends Enum<?>> value();

	String message() default "{KnownCode}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<KnownCode, String> {

		private Set<String> codes;

		@Override
		public void initialize(KnownCode annotation) {
			this.codes = Arrays.stream(annotation.value().getEnumConstants())
				.map(Enum::name)
				.collect(Collectors.toUnmodifiableSet());
		}

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			return value == null || this.codes.contains(value);
		}

	}

}
