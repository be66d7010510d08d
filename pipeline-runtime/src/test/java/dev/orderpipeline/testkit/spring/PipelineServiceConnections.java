package dev.orderpipeline.testkit.spring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;

import dev.orderpipeline.testkit.FreePorts;
import dev.orderpipeline.testkit.KafkaBroker;
import dev.orderpipeline.testkit.MongoEndpoint;
import dev.orderpipeline.testkit.PipelineTopics;
import dev.orderpipeline.testkit.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * Kafka and MongoDB for a {@code @SpringBootTest}: the Testcontainers containers of
 * {@link TestInfrastructure}, wired by Spring Boot's {@link ServiceConnection}, when a container
 * engine answers; otherwise the embedded broker process and mongo-java-server, wired as properties.
 * The pipeline's topics exist either way. Use with {@code @Import(PipelineServiceConnections.class)}.
 * A fixture of pipeline-runtime's test-jar, so that no Spring test code is in the testkit's jar, which
 * the local stack runs with.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PipelineServiceConnections {

    @Bean
    @ServiceConnection
    @Conditional(KafkaInContainer.class)
    KafkaContainer kafkaContainer() {
        KafkaContainer kafka = TestInfrastructure.choose().kafkaContainer().orElseThrow();
        createTopics(kafka.getBootstrapServers());
        return kafka;
    }

    @Bean
    @ServiceConnection
    @Conditional(MongoInContainer.class)
    MongoDBContainer mongoContainer() {
        return TestInfrastructure.choose().mongoContainer().orElseThrow();
    }

    @Bean(destroyMethod = "close")
    @Conditional(EmbeddedKafka.class)
    KafkaBroker embeddedKafkaBroker() throws IOException {
        Path dir = Files.createTempDirectory("pipeline-kafka-");
        KafkaBroker broker = new KafkaBroker(dir, FreePorts.next(), FreePorts.next(), dir.resolve("kafka.log")).start();
        createTopics(broker.bootstrapServers());
        return broker;
    }

    @Bean
    @Conditional(EmbeddedKafka.class)
    DynamicPropertyRegistrar embeddedKafkaProperties(KafkaBroker broker) {
        return registry -> registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
    }

    @Bean(destroyMethod = "close")
    @Conditional(EmbeddedMongo.class)
    MongoEndpoint embeddedMongo() throws IOException {
        return MongoEndpoint.onFile(Files.createTempDirectory("pipeline-mongo-").resolve("data.mv"), FreePorts.next());
    }

    @Bean
    @Conditional(EmbeddedMongo.class)
    DynamicPropertyRegistrar embeddedMongoProperties(MongoEndpoint mongo) {
        return registry -> registry.add("spring.mongodb.uri", mongo::uri);
    }

    private static void createTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            PipelineTopics.create(admin, (short) 1);
        }
    }

    /** Whether the chosen infrastructure has a container of a kind ({@code inContainer}) or not. */
    private abstract static class Chosen implements Condition {
        private final Predicate<TestInfrastructure.Choice> has;
        private final boolean inContainer;

        Chosen(Predicate<TestInfrastructure.Choice> has, boolean inContainer) {
            this.has = has;
            this.inContainer = inContainer;
        }

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return has.test(TestInfrastructure.choose()) == inContainer;
        }
    }

    static final class KafkaInContainer extends Chosen {
        KafkaInContainer() {
            super(infrastructure -> infrastructure.kafkaContainer().isPresent(), true);
        }
    }

    static final class EmbeddedKafka extends Chosen {
        EmbeddedKafka() {
            super(infrastructure -> infrastructure.kafkaContainer().isPresent(), false);
        }
    }

    static final class MongoInContainer extends Chosen {
        MongoInContainer() {
            super(infrastructure -> infrastructure.mongoContainer().isPresent(), true);
        }
    }

    static final class EmbeddedMongo extends Chosen {
        EmbeddedMongo() {
            super(infrastructure -> infrastructure.mongoContainer().isPresent(), false);
        }
    }
}
