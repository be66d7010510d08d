package dev.orderpipeline.systemtests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.orderpipeline.testkit.PipelineTopics;
import dev.orderpipeline.testkit.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole pipeline as containers on one Testcontainers network: Kafka, a MongoDB endpoint, and the
 * four services from their images; a checkout through the storefront container's mapped port, its
 * stock set through ops-api's.
 * Needs a container engine and the service images ({@code scripts/build-service-images.sh});
 * skipped, saying so, without them (CI builds them and runs this test after the main build).
 */
class ContainerPipelineIT {

    private static final String PREFIX = env("ORDERPIPELINE_IMAGE_PREFIX", "localhost/orderpipeline");
    private static final String VERSION = System.getProperty("pipeline.version", "0.1.0-SNAPSHOT");
    private static final String KAFKA_IMAGE = env("ORDERPIPELINE_KAFKA_IMAGE", "apache/kafka:4.2.2");
    private static final String JRE_IMAGE = env("ORDERPIPELINE_JRE_IMAGE", "localhost/orderpipeline/jre:25");

    @Test
    void aCheckoutThroughTheStorefrontContainerIsConfirmed() {
        List<String> images = List.of(KAFKA_IMAGE, JRE_IMAGE, image("storefront-api"), image("order-processor"),
                image("inventory-worker"), image("ops-api"));
        assumeTrue(TestInfrastructure.engineAnswers(), "[containers] skipped: no container engine answers");
        for (String image : images) {
            assumeTrue(TestInfrastructure.imagePresent(image), "[containers] skipped: image " + image
                    + " missing (scripts/setup-container-engine.sh, then scripts/build-service-images.sh)");
        }
        Path lib = Path.of(System.getProperty("pipeline.root", "..")).resolve("local-stack/target").toAbsolutePath();
        try (Network network = Network.newNetwork();
             KafkaContainer kafka = TestInfrastructure.retriedStartup(new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE)
                     .asCompatibleSubstituteFor("apache/kafka"))
                     .withNetwork(network).withNetworkAliases("kafka").withListener("kafka:19092"));
             GenericContainer<?> mongo = TestInfrastructure.retriedStartup(new GenericContainer<>(DockerImageName.parse(JRE_IMAGE))
                     .withNetwork(network).withNetworkAliases("mongo")
                     .withFileSystemBind(lib.toString(), "/stack", BindMode.READ_ONLY)
                     .withCommand("java", "-cp", "/stack/local-stack.jar:/stack/lib/*",
                             "dev.orderpipeline.testkit.MongoEndpoint", "/tmp/pipeline.mv", "27017", "0.0.0.0")
                     .waitingFor(Wait.forLogMessage(".*listening on.*", 1)));
             GenericContainer<?> inventory = service("inventory-worker", 8082, network);
             GenericContainer<?> orders = service("order-processor", 8081, network);
             GenericContainer<?> storefront = service("storefront-api", 8080, network);
             GenericContainer<?> ops = service("ops-api", 8083, network).withEnv("OPS_ADMIN_TOKEN", "container-test")) {
            kafka.start();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.getBootstrapServers()))) {
                PipelineTopics.create(admin, (short) 1);
            }
            mongo.start();
            inventory.start();
            orders.start();
            storefront.start();
            ops.start();

            Api api = new Api("http://" + storefront.getHost() + ":" + storefront.getMappedPort(8080),
                    "http://" + ops.getHost() + ":" + ops.getMappedPort(8083), "container-test");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> api.get("/api/products/MUG-STONEWARE").status() == 200
                            && api.available("MUG-STONEWARE") > 0);
            long stocked = api.available("MUG-STONEWARE");
            api.client().adjustStock("MUG-STONEWARE", 3, "container test");
            // through ops-api, the inventory worker and MongoDB to the storefront's catalog
            api.awaitAvailable("MUG-STONEWARE", stocked + 3);
            long before = stocked + 3;
            UUID orderId = api.order(Map.of("MUG-STONEWARE", 2));
            JsonNode order = api.awaitFinal(orderId);

            assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
            assertThat(order.path("totalCents").asLong()).isEqualTo(2 * 1450);
            api.awaitAvailable("MUG-STONEWARE", before - 2);
            System.out.printf("[containers] checkout through the storefront container (port %d) CONFIRMED, order %s%n",
                    storefront.getMappedPort(8080), orderId);
        }
    }

    private static GenericContainer<?> service(String module, int port, Network network) {
        return new GenericContainer<>(DockerImageName.parse(image(module)))
                .withNetwork(network).withNetworkAliases(module)
                .withEnv("KAFKA_BOOTSTRAP_SERVERS", "kafka:19092")
                .withEnv("MONGODB_URI", "mongodb://mongo:27017")
                .withEnv("SERVER_PORT", String.valueOf(port))
                .withExposedPorts(port)
                .waitingFor(Wait.forHttp("/actuator/health/readiness").forPort(port).forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(5)));
    }

    private static String image(String module) {
        return PREFIX + "/" + module + ":" + VERSION;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
