package org.paperlink.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * On a topic declaration: made only while the service owns its topics
 * ({@code paperlink.kafka.create-topics}, {@code KAFKA_CREATE_TOPICS}, true by default).
 * In Kubernetes the Strimzi Topic Operator owns them, and a service raising partitions
 * would fight it.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnProperty(name = "paperlink.kafka.create-topics", havingValue = "true", matchIfMissing = true)
public @interface CreatesTopics {

}
