package dev.orderpipeline.runtime;


import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.EventSerde;
import dev.orderpipeline.events.Reason;
import dev.orderpipeline.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.data.mongodb.core.convert.MongoConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What every service of the pipeline needs from Kafka and MongoDB: events as JSON envelopes,
 * an idempotent producer with acks=all, read_committed consumers, dead letters, short MongoDB
 * timeouts so an outage surfaces quickly instead of hanging a request or a batch.
 */
@AutoConfiguration(after = {KafkaAutoConfiguration.class, MongoAutoConfiguration.class},
        before = DataMongoAutoConfiguration.class)
@EnableConfigurationProperties(PipelineProperties.class)
public class PipelineRuntimeAutoConfiguration {

    @Bean
    DefaultKafkaProducerFactoryCustomizer pipelineProducerDefaults() {
        return factory -> {
            @SuppressWarnings("unchecked")
            DefaultKafkaProducerFactory<String, Object> typed = (DefaultKafkaProducerFactory<String, Object>) factory;
            typed.setKeySerializer(new StringSerializer());
            Map<Class<?>, Serializer<?>> byType = Map.of(
                    EventEnvelope.class, new EventSerde.EnvelopeSerializer(),
                    byte[].class, new ByteArraySerializer());
            typed.setValueSerializer(new DelegatingByTypeSerializer(byType));
            typed.updateConfigs(Map.of(
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
        };
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer pipelineConsumerDefaults() {
        return factory -> {
            @SuppressWarnings("unchecked")
            DefaultKafkaConsumerFactory<String, byte[]> typed = (DefaultKafkaConsumerFactory<String, byte[]>) factory;
            typed.setKeyDeserializer(new StringDeserializer());
            typed.setValueDeserializer(new ByteArrayDeserializer());
            typed.updateConfigs(Map.of(
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        };
    }

    @Bean
    MongoClientSettingsBuilderCustomizer pipelineMongoTimeouts(PipelineProperties properties) {
        long timeoutMs = properties.mongoTimeout().toMillis();
        return settings -> settings
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(timeoutMs, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(socket -> socket
                        .connectTimeout((int) timeoutMs, TimeUnit.MILLISECONDS)
                        .readTimeout((int) timeoutMs, TimeUnit.MILLISECONDS));
    }

    /**
     * The pipeline has a database per owner ({@link MongoDatabases}), none by default; Spring's own
     * template and the health check talk to {@code admin}, where commands such as {@code ping} run.
     */
    @Bean
    @ConditionalOnMissingBean
    MongoDatabaseFactory mongoDatabaseFactory(MongoClient client) {
        return new SimpleMongoClientDatabaseFactory(client, "admin");
    }

    @Bean
    MongoDatabases mongoDatabases(MongoClient client, MongoConverter converter) {
        return new MongoDatabases(client, converter);
    }

    /**
     * Ids and references that are UUIDs are stored as their strings, readable in any MongoDB tool; a
     * {@link Reason} as its wire form, the string the events and the API carry.
     */
    @Bean
    MongoCustomConversions mongoCustomConversions() {
        return MongoCustomConversions.create(conversions -> conversions
                .registerConverter(new UuidToString())
                .registerConverter(new StringToUuid())
                .registerConverter(new ReasonToString())
                .registerConverter(new StringToReason()));
    }

    @WritingConverter
    static final class ReasonToString implements Converter<Reason, String> {
        @Override
        public String convert(Reason source) {
            return source.text();
        }
    }

    @ReadingConverter
    static final class StringToReason implements Converter<String, Reason> {
        @Override
        public Reason convert(String source) {
            return Reason.parse(source);
        }
    }

    @WritingConverter
    static final class UuidToString implements Converter<UUID, String> {
        @Override
        public String convert(UUID source) {
            return source.toString();
        }
    }

    @ReadingConverter
    static final class StringToUuid implements Converter<String, UUID> {
        @Override
        public UUID convert(String source) {
            return UUID.fromString(source);
        }
    }

    @Bean
    DeadLetterPublishingRecoverer deadLetterPublishingRecoverer(KafkaTemplate<String, Object> template) {
        // Let Kafka choose the partition: dead-letter topics have fewer partitions than their sources.
        return new DeadLetterPublishingRecoverer(template,
                (record, error) -> new TopicPartition(Topics.deadLetterTopic(record.topic()), -1));
    }

    @Bean
    EventBatchProcessor eventBatchProcessor(KafkaTemplate<String, Object> template,
                                            DeadLetterPublishingRecoverer deadLetters, MeterRegistry meters,
                                            PipelineProperties properties, ObjectProvider<Tracer> tracer,
                                            ObjectProvider<Propagator> propagator) {
        RecordTracing tracing = new RecordTracing(tracer.getIfAvailable(() -> Tracer.NOOP),
                propagator.getIfAvailable(() -> Propagator.NOOP));
        return new EventBatchProcessor(template, deadLetters, meters, properties.maxAttempts(), tracing);
    }

    /**
     * A service may run several listener containers in one group (one per input topic). With static
     * membership ({@code group.instance.id} set, as the local stack does) each consumer needs an
     * instance id of its own: the listener's id is appended.
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> pipelineContainerDefaults(
            ConsumerFactory<?, ?> consumers) {
        Object instanceId = consumers.getConfigurationProperties().get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        return container -> {
            if (instanceId instanceof String id && !id.isBlank()) {
                container.getContainerProperties().getKafkaConsumerProperties()
                        .setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id + "-" + container.getListenerId());
            }
        };
    }

    /**
     * A batch the listener threw for: only an outage gets here ({@link EventBatchProcessor} handles
     * everything else in place), so it is delivered again, after a back-off of up to
     * {@code pipeline.max-retry-interval}, for as long as the outage lasts; its offsets stay
     * uncommitted meanwhile. The recoverer is never reached (the back-off has no end); should it be,
     * it throws, so the batch is sought back instead of skipped. {@link RetriedBatchLog} says why.
     * A batch that succeeds on a retry is not acknowledged by the handler: the workers acknowledge by
     * hand, in {@link EventBatchProcessor}, which leaves out a batch with records of partitions lost
     * during the retries.
     */
    @Bean
    CommonErrorHandler pipelineErrorHandler(PipelineProperties properties) {
        ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
        backOff.setMaxInterval(properties.maxRetryInterval().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler((record, error) -> {
            throw new IllegalStateException("an outage is never recovered by skipping " + record.topic() + "-"
                    + record.partition() + "@" + record.offset(), error);
        }, backOff);
        handler.setRetryListeners(new RetriedBatchLog());
        handler.setAckAfterHandle(false);
        return handler;
    }

}
