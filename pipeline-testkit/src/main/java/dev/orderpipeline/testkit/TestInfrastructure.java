package dev.orderpipeline.testkit;


import java.time.Duration;
import java.util.Optional;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Kafka broker and the MongoDB endpoint the integration tests run against, chosen once per
 * JVM: Testcontainers ({@link KafkaContainer}, {@link MongoDBContainer}) when a container engine
 * answers (Docker, or podman through {@code DOCKER_HOST}) and has the image, otherwise the
 * embedded broker process ({@link KafkaBroker}) and mongo-java-server. It says which, once.
 *
 * <p>Images: {@code ORDERPIPELINE_KAFKA_IMAGE} (default {@code apache/kafka:<kafka version>}, a
 * locally built stand-in is accepted as compatible) and {@code ORDERPIPELINE_MONGO_IMAGE} (default
 * {@code mongo:8.0}). Images are never pulled when absent, so a machine without a registry falls
 * back at once instead of hanging on a pull.
 */
public final class TestInfrastructure {

    /** Where the tests' Kafka and MongoDB are; empty means "start the embedded one". */
    public record Choice(Optional<String> kafkaBootstrap, Optional<String> mongoUri, String description,
                         Optional<KafkaContainer> kafkaContainer, Optional<MongoDBContainer> mongoContainer) {
    }

    /*
     * A container starts in 3-5 s here, but now and then one never reports ready (a CI run waited out
     * the whole timeout once, and the next start in the same JVM was fine): so a shorter wait, and a
     * fresh container when it runs out, before the tests fail on it.
     */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(45);
    private static final int STARTUP_ATTEMPTS = 3;

    private static Choice choice;

    private TestInfrastructure() {
    }

    public static synchronized Choice choose() {
        if (choice == null) {
            choice = decide();
            System.out.println("[testkit] " + choice.description());
        }
        return choice;
    }

    private static Choice decide() {
        if ("embedded".equalsIgnoreCase(System.getenv("PIPELINE_TEST_INFRASTRUCTURE"))) {
            return new Choice(Optional.empty(), Optional.empty(),
                    "Kafka: embedded broker process; MongoDB: mongo-java-server (PIPELINE_TEST_INFRASTRUCTURE=embedded)",
                    Optional.empty(), Optional.empty());
        }
        if (!engineAnswers()) {
            return new Choice(Optional.empty(), Optional.empty(),
                    "No container engine answers (DOCKER_HOST=" + System.getenv("DOCKER_HOST")
                            + "): Kafka: embedded broker process; MongoDB: mongo-java-server",
                    Optional.empty(), Optional.empty());
        }
        String kafkaImage = env("ORDERPIPELINE_KAFKA_IMAGE", "apache/kafka:" + kafkaVersion());
        String mongoImage = env("ORDERPIPELINE_MONGO_IMAGE", "mongo:8.0");
        Optional<String> kafka = Optional.empty();
        Optional<KafkaContainer> kafkaContainer = Optional.empty();
        String kafkaSays;
        if (imagePresent(kafkaImage)) {
            KafkaContainer container = retriedStartup(new KafkaContainer(
                    DockerImageName.parse(kafkaImage).asCompatibleSubstituteFor("apache/kafka")));
            container.start();
            stopAtExit(container);
            kafka = Optional.of(container.getBootstrapServers());
            kafkaContainer = Optional.of(container);
            kafkaSays = "Kafka: Testcontainers KafkaContainer (" + kafkaImage + ") at " + kafka.get();
        } else {
            kafkaSays = "Kafka: embedded broker process (no image " + kafkaImage + " in the engine)";
        }
        Optional<String> mongo = Optional.empty();
        Optional<MongoDBContainer> mongoContainer = Optional.empty();
        String mongoSays;
        if (imagePresent(mongoImage)) {
            MongoDBContainer container = retriedStartup(new MongoDBContainer(DockerImageName.parse(mongoImage)));
            container.start();
            stopAtExit(container);
            mongo = Optional.of(container.getConnectionString());
            mongoContainer = Optional.of(container);
            mongoSays = "MongoDB: Testcontainers MongoDBContainer (" + mongoImage + ")";
        } else {
            mongoSays = "MongoDB: mongo-java-server (no image " + mongoImage + " in the engine, and no registry to pull it from)";
        }
        return new Choice(kafka, mongo, "Container engine answers. " + kafkaSays + "; " + mongoSays,
                kafkaContainer, mongoContainer);
    }

    /** The container, with a start that gives up waiting sooner and tries a fresh container then. */
    public static <T extends GenericContainer<?>> T retriedStartup(T container) {
        container.withStartupTimeout(STARTUP_TIMEOUT).withStartupAttempts(STARTUP_ATTEMPTS);
        return container;
    }

    /** Whether a container engine answers (Docker, or podman through DOCKER_HOST). */
    public static boolean engineAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether the engine has the image locally; never pulls. */
    public static boolean imagePresent(String image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void stopAtExit(GenericContainer<?> container) {
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-" + container.getDockerImageName()));
    }

    private static String kafkaVersion() {
        return AppInfoParser.getVersion();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

}
