package org.paperlink.alliance.validation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A valid Unified Social Credit Code. A malformed code and a wrong check character are
 * told apart, because a user who typed one character wrong needs to hear exactly that.
 */
@Documented
@Constraint(validatedBy = Uscc.Validator.class)
@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
public @interface Uscc {

	String message() default "{Uscc}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<Uscc, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			if (value == null || value.isEmpty() || UnifiedSocialCreditCode.isValid(value)) {
				return true;
			}
			context.disableDefaultConstraintViolation();
			String code = !UnifiedSocialCreditCode.isWellFormed(value) ? "{UsccFormat}"
					: !UnifiedSocialCreditCode.isOfKnownAuthority(value) ? "{UsccAuthority}" : "{UsccCheckCharacter}";
			context.buildConstraintViolationWithTemplate(code).addConstraintViolation();
			return false;
		}

	}

}
