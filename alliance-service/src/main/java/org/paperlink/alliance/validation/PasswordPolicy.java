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

/** The password policy: 8 to 64 characters, with at least one letter and one digit. */
@Documented
@Constraint(validatedBy = PasswordPolicy.Validator.class)
@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
public @interface PasswordPolicy {

	String message() default "{PasswordPolicy}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<PasswordPolicy, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			if (value == null) {
				return true;
			}
			return value.length() >= 8 && value.length() <= 64 && value.chars().anyMatch(Character::isLetter)
					&& value.chars().anyMatch(Character::isDigit);
		}

	}

}
