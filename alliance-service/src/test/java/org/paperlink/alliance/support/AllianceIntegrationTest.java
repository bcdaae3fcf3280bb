package org.paperlink.alliance.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.paperlink.testsupport.InfrastructureInitializer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * alliance-service on the shared real Kafka broker and document store, with the demo
 * alliance seeded. All such tests share one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = InfrastructureInitializer.class)
@AutoConfigureWebTestClient
@Import(ShiftableClock.Config.class)
@ActiveProfiles({ "demo", "test" })
public @interface AllianceIntegrationTest {

}
