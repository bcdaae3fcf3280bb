package org.paperlink.alliance.validation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Pattern;

/** A mainland China mobile number: 11 digits, starting 13–19. */
@Documented
@Pattern(regexp = "1[3-9][0-9]{9}")
@Constraint(validatedBy = {})
@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
@jakarta.validation.ReportAsSingleViolation
public @interface MainlandMobile {

	String message() default "{MainlandMobile}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
