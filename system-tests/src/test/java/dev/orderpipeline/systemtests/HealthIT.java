package dev.orderpipeline.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.orderpipeline.localstack.LocalStack;
import dev.orderpipeline.testkit.JavaProcess;
import dev.orderpipeline.testkit.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/health} of every service tells the truth: UP while its Kafka and MongoDB answer,
 * DOWN (503) naming the part that does not while the MongoDB stand-in is stopped or the broker is
 * away, UP again when it is back. Liveness stays UP throughout (a restart would bring neither back);
 * readiness follows them on the workers only, whose readiness gates a rollout, not traffic
 * (docs/architecture.md, Health).
 */
class HealthIT {

    private static final Duration NOTICED = Duration.ofSeconds(90);

    private final LocalStack stack = Pipeline.stack();
    private final Api api = Pipeline.api();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void everyServiceIsDownNamingMongoDbWhileTheStandInIsStoppedAndUpOnceItIsBack() {
        assumeThat(stack.embeddedMongo()).as("the test stops and starts the stack's own MongoDB stand-in").isTrue();
        awaitEveryService(HealthIT::assertUp);

        stack.stopMongoStandIn();
        try {
            awaitEveryService(health -> assertDownBecauseOf(health, "mongo", "kafka"));
            assertProbesDuringAnOutage();
        } finally {
            stack.startMongoStandIn();
        }
        awaitEveryService(HealthIT::assertUp);
    }

    @Test
    void everyServiceIsDownNamingKafkaWhileTheBrokerIsAwayAndUpOnceItIsBack() {
        Outage broker = brokerOutage();
        awaitEveryService(HealthIT::assertUp);

        broker.begin().run();
        try {
            awaitEveryService(health -> assertDownBecauseOf(health, "kafka", "mongo"));
            assertProbesDuringAnOutage();
        } finally {
            broker.end().run();
        }
        awaitEveryService(HealthIT::assertUp);
        String sku = Skus.unique("HEALTH");
        api.createProduct(sku, 100, 1);
        assertThat(api.awaitFinal(api.order(Map.of(sku, 1))).path("status").asString())
                .as("the pipeline works again after the broker's outage").isEqualTo("CONFIRMED");
    }

    /** Stops and starts the stack's own broker, or pauses and unpauses Testcontainers' Kafka container. */
    private Outage brokerOutage() {
        if (stack.broker() != null) {
            return new Outage(() -> stack.broker().stop(), () -> stack.broker().start());
        }
        KafkaContainer container = TestInfrastructure.choose().kafkaContainer().orElse(null);
        assumeThat(container).as("the stack's Kafka is neither its own broker nor a test container: "
                + stack.kafkaBootstrap()).isNotNull();
        String id = container.getContainerId();
        return new Outage(() -> DockerClientFactory.instance().client().pauseContainerCmd(id).exec(),
                () -> DockerClientFactory.instance().client().unpauseContainerCmd(id).exec());
    }

    private record Outage(Runnable begin, Runnable end) {
    }

    /** Liveness ignores the outage everywhere; readiness follows it on the workers, not on the HTTP services. */
    private void assertProbesDuringAnOutage() {
        for (JavaProcess service : services()) {
            assertThat(get(service, "/actuator/health/liveness").statusCode()).as(service.name() + " liveness")
                    .isEqualTo(200);
        }
        for (JavaProcess http : List.of(stack.storefront(), stack.ops())) {
            assertThat(get(http, "/actuator/health/readiness").statusCode()).as(http.name() + " readiness")
                    .isEqualTo(200);
        }
        for (JavaProcess worker : List.of(stack.orderProcessor(), stack.inventoryWorker())) {
            assertThat(get(worker, "/actuator/health/readiness").statusCode()).as(worker.name() + " readiness")
                    .isEqualTo(503);
        }
    }

    private static void assertUp(Health health) {
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        assertThat(health.component("")).as(health.toString()).isEqualTo("UP");
        assertThat(health.component("mongo")).as(health.toString()).isEqualTo("UP");
        assertThat(health.component("kafka")).as(health.toString()).isEqualTo("UP");
    }

    private static void assertDownBecauseOf(Health health, String away, String stillThere) {
        assertThat(health.status()).as(health.toString()).isEqualTo(503);
        assertThat(health.component("")).as(health.toString()).isEqualTo("DOWN");
        assertThat(health.component(away)).as(health.toString()).isEqualTo("DOWN");
        assertThat(health.component(stillThere)).as(health.toString()).isEqualTo("UP");
    }

    private void awaitEveryService(Consumer<Health> assertion) {
        for (JavaProcess service : services()) {
            await().atMost(NOTICED).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertion.accept(health(service)));
        }
    }

    private List<JavaProcess> services() {
        return List.of(stack.storefront(), stack.ops(), stack.orderProcessor(), stack.inventoryWorker());
    }

    private Health health(JavaProcess service) {
        HttpResponse<String> response = get(service, "/actuator/health");
        return new Health(service.name(), response.statusCode(), Api.JSON.readTree(response.body()));
    }

    private HttpResponse<String> get(JavaProcess service, String path) {
        // a check of a MongoDB that does not answer waits for the driver's server selection (5 s)
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.url(service) + path)).timeout(Duration.ofSeconds(30))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(service.name() + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A service's answer to {@code /actuator/health}: its HTTP status and the status of each component. */
    private record Health(String service, int status, JsonNode body) {

        /** The status of a component; of the whole for "". */
        String component(String name) {
            return (name.isEmpty() ? body : body.path("components").path(name)).path("status").asString();
        }

        @Override
        public String toString() {
            return service + " " + status + " " + body;
        }
    }
}
