package org.paperlink.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.http.HttpStatus;

/**
 * The problems a handler answers besides those every operation of its kind shares (which
 * {@link ApiDocumentation} adds): {@code @Problems({ HttpStatus.CONFLICT })}. They appear
 * in the OpenAPI description as {@code application/problem+json}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Problems {

	HttpStatus[] value();

}
