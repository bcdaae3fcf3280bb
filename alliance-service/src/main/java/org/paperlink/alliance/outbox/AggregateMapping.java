package org.paperlink.alliance.outbox;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.paperlink.alliance.domain.Aggregate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.data.core.TypeInformation;
import org.springframework.data.mapping.model.FieldNamingStrategy;
import org.springframework.data.mongodb.MongoManagedTypes;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.mapping.BasicMongoPersistentEntity;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

/**
 * Maps the declared {@link AggregateType}s: Spring Data's mapping context, as Spring Boot
 * would build it, that also knows each aggregate's collection, and the aggregates'
 * indexes, created at start-up before anything is served.
 */
@Configuration(proxyBeanMethods = false)
class AggregateMapping {

	private static final Logger log = LoggerFactory.getLogger(AggregateMapping.class);

	@Bean
	MongoMappingContext mongoMappingContext(MongoCustomConversions conversions, MongoManagedTypes managedTypes,
			DataMongoProperties properties, List<AggregateType> aggregates) {
		Map<Class<?>, String> collections = aggregates.stream()
			.collect(Collectors.toMap(AggregateType::type, AggregateType::collection));
		MongoMappingContext context = new MongoMappingContext() {

			@Override
			protected <T> BasicMongoPersistentEntity<T> createPersistentEntity(TypeInformation<T> type) {
				String collection = collections.get(type.getType());
				if (collection == null) {
					return super.createPersistentEntity(type);
				}
				return new BasicMongoPersistentEntity<>(type) {

					@Override
					public String getCollection() {
						return collection;
					}

				};
			}

		};
		context.setAutoIndexCreation(Boolean.TRUE.equals(properties.isAutoIndexCreation()));
		context.setManagedTypes(managedTypes);
		if (properties.getFieldNamingStrategy() != null) {
			context.setFieldNamingStrategy(
					(FieldNamingStrategy) BeanUtils.instantiateClass(properties.getFieldNamingStrategy()));
		}
		context.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
		return context;
	}

	/** The aggregates' indexes, in place before the first request (and the seed) runs. */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	ApplicationRunner aggregateIndexes(ReactiveMongoTemplate mongo, List<AggregateType> aggregates) {
		return (ApplicationArguments args) -> Flux.fromIterable(aggregates)
			.concatMap((aggregate) -> Flux.fromIterable(aggregate.indexes())
				.concatMap((index) -> mongo.indexOps(aggregate.collection()).createIndex(index)))
			.doOnComplete(() -> log.debug("Aggregate indexes in place"))
			.blockLast();
	}

}
