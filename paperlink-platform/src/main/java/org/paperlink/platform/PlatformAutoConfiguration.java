package org.paperlink.platform;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.http.codec.ServerCodecConfigurer;

/** Registers the shared error handling and security pieces in each service. */
@AutoConfiguration
@EnableConfigurationProperties({ AccessMatrix.class, RateLimits.class, WebSecurityProperties.class,
		BearerTokenProperties.class })
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

	/**
	 * The OpenAPI description at {@code /v3/api-docs}: titled per service, with bearer
	 * tokens.
	 */
	@Bean
	OpenAPI paperLinkOpenApi(@Value("${spring.application.name}") String service,
			@Value("${paperlink.api.description:}") String description) {
		return new OpenAPI().info(new Info().title("纸联 PaperLink — " + service).version("v1").description(description))
			// relative: the service answers where the document was read from, whatever
			// the
			// host (local run, ingress)
			.servers(List.of(new Server().url("/").description("本服务 this service, where this document is served")))
			.components(new Components().addSecuritySchemes("bearer",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
			.addSecurityItem(new SecurityRequirement().addList("bearer"));
	}

	/** Problems and public operations in the OpenAPI description. */
	@Bean
	ApiDocumentation apiDocumentation(AccessMatrix matrix) {
		return new ApiDocumentation(matrix);
	}

	@Bean
	ResourceServerSecurity resourceServerSecurity(ProblemResponseWriter writer, AccessMatrix matrix,
			RateLimits rateLimits, WebSecurityProperties web) {
		return new ResourceServerSecurity(writer, matrix, rateLimits, web);
	}

	/**
	 * A request the firewall refuses (an encoded slash, a path traversal, a bad header)
	 * is a 400 problem like any other.
	 */
	@Bean
	ServerExchangeRejectedHandler problemExchangeRejectedHandler(ProblemResponseWriter writer) {
		return (exchange, ex) -> writer.write(exchange, HttpStatus.BAD_REQUEST, "request-rejected");
	}

	/**
	 * Bearer tokens as both services take them; a service that can tell revoked tokens
	 * declares a {@link RevokedTokens}.
	 */
	@Bean
	BearerTokens bearerTokens(BearerTokenProperties properties, ObjectProvider<RevokedTokens> revoked) {
		return new BearerTokens(properties, revoked.getIfAvailable(() -> (token) -> Mono.just(false)));
	}

	/**
	 * Spring Security's own observations, off unless
	 * {@code paperlink.observability.security-observations} is true: the observations of
	 * the filter chain (before and after the handler, an event per filter), of each
	 * authentication and each authorization cost a cached public {@code GET} more CPU
	 * than its handler (docs/benchmarks-notes.md). Each request keeps its own observation
	 * ({@code http.server.requests}) and trace.
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "paperlink.observability.security-observations", havingValue = false,
			matchIfMissing = true)
	SecurityObservationSettings noSecurityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	StrictDates strictDates() {
		return new StrictDates();
	}

	@Bean
	RequestIds requestIds() {
		return new RequestIds();
	}

	/**
	 * Readiness waits for the consumers and the relay at start: the {@code startup}
	 * check.
	 */
	@Bean
	StartupReadiness startupHealthIndicator() {
		return new StartupReadiness();
	}

	/**
	 * Retention of what each service declared ({@link Retained}): TTL indexes and sweeps;
	 * and the drop of the collections it retired ({@link Retired}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ReactiveMongoTemplate.class)
	static class RetentionOfDocuments {

		/** What a restore rewound: time-triggered jobs do not do it again. */
		@Bean
		RestoreWindows restoreWindows(ReactiveMongoTemplate mongo) {
			return new RestoreWindows(mongo);
		}

		@Bean
		RetentionSweeper retentionSweeper(ReactiveMongoTemplate mongo, ObjectProvider<Retained> retained,
				ObjectProvider<Retired> retired,
				@Value("${paperlink.retention.sweep-interval:1h}") java.time.Duration interval, java.time.Clock clock) {
			return new RetentionSweeper(mongo, retained.orderedStream().toList(), retired.orderedStream().toList(),
					interval, clock);
		}

	}

	/**
	 * A store that cannot be reached answers within seconds: a request then gets 503 with
	 * {@code Retry-After} in about the time it names, not after the driver's default 30
	 * s.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MongoClientSettingsBuilderCustomizer.class)
	static class StoreAnswersSoon {

		@Bean
		MongoClientSettingsBuilderCustomizer serverSelectionTimeout(
				@Value("${paperlink.store.server-selection-timeout:5s}") java.time.Duration timeout) {
			return (settings) -> settings.applyToClusterSettings(
					(cluster) -> cluster.serverSelectionTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS));
		}

	}

	/**
	 * The Kafka consumers stop last ({@link ShutdownOrder}): the listener containers take
	 * their phase from their factory, and the registry that starts and stops them from
	 * the containers.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AbstractKafkaListenerContainerFactory.class)
	static class ConsumersStopLast {

		@Bean
		static BeanPostProcessor consumersStopLast(ObjectProvider<StartupReadiness> readiness) {
			return new BeanPostProcessor() {
				@Override
				public Object postProcessBeforeInitialization(Object bean, String beanName) {
					if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
						factory.setPhase(ShutdownOrder.CONSUMERS);
						customize(factory, (container) -> readyOnceJoined(container, readiness.getObject()));
					}
					return bean;
				}
			};
		}

		@SuppressWarnings({ "rawtypes", "unchecked" })
		private static void customize(AbstractKafkaListenerContainerFactory<?, ?, ?> factory,
				java.util.function.Consumer<MessageListenerContainer> customizer) {
			((AbstractKafkaListenerContainerFactory) factory).setContainerCustomizer(
					(ContainerCustomizer) (container) -> customizer.accept((MessageListenerContainer) container));
		}

		/**
		 * Each listener counts as started once its group has given it partitions. The
		 * service's own rebalance listener, if any, is kept and told everything first.
		 */
		private static void readyOnceJoined(MessageListenerContainer container, StartupReadiness readiness) {
			String name = "kafka listener " + container.getListenerId();
			readiness.awaiting(name);
			ConsumerRebalanceListener own = container.getContainerProperties().getConsumerRebalanceListener();
			ConsumerAwareRebalanceListener service = (own instanceof ConsumerAwareRebalanceListener aware) ? aware
					: new ConsumerAwareRebalanceListener() {
						@Override
						public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
							if (own != null) {
								own.onPartitionsAssigned(partitions);
							}
						}

						@Override
						public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
							if (own != null) {
								own.onPartitionsRevoked(partitions);
							}
						}

						@Override
						public void onPartitionsLost(Collection<TopicPartition> partitions) {
							if (own != null) {
								own.onPartitionsLost(partitions);
							}
						}
					};
			container.getContainerProperties().setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {
				@Override
				public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer,
						Collection<TopicPartition> partitions) {
					service.onPartitionsRevokedBeforeCommit(consumer, partitions);
				}

				@Override
				public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer,
						Collection<TopicPartition> partitions) {
					service.onPartitionsRevokedAfterCommit(consumer, partitions);
				}

				@Override
				public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
					service.onPartitionsLost(consumer, partitions);
				}

				@Override
				public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
					service.onPartitionsAssigned(consumer, partitions);
					readiness.reached(name);
				}
			});
		}

	}

}
