package dev.orderpipeline.storefront;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import dev.orderpipeline.documents.ProductDocument;
import dev.orderpipeline.runtime.MongoDatabases;
import dev.orderpipeline.testkit.FreePorts;
import dev.orderpipeline.testkit.KafkaBroker;
import dev.orderpipeline.testkit.MongoEndpoint;
import dev.orderpipeline.testkit.PipelineTopics;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the broker gone, a write answers 503 with Retry-After as problem+json: nothing half done.
 * Opening a cart writes nothing, so it still works.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KafkaDownTest {

    static KafkaBroker broker;
    static MongoEndpoint mongo;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("kafka-down-");
        broker = new KafkaBroker(dir, FreePorts.next(), FreePorts.next(), dir.resolve("kafka.log")).start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            PipelineTopics.create(admin, (short) 1);
        }
        mongo = MongoEndpoint.onFile(dir.resolve("mongo.mv"), FreePorts.next());
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
        registry.add("spring.mongodb.uri", mongo::uri);
    }

    @AfterAll
    static void stop() {
        broker.stop();
        mongo.close();
    }

    @Autowired
    MongoDatabases databases;

    @Test
    void aWriteWithoutKafkaIs503WithRetryAfter() throws Exception {
        databases.catalog().save(new ProductDocument("MUG-1", "Mug", "", 1450, "EUR", Instant.now()));
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest openCart = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/carts"))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        String cartId = http.send(openCart, HttpResponse.BodyHandlers.ofString()).body()
                .replaceAll(".*\"cartId\":\"([^\"]+)\".*", "$1");
        HttpRequest addItem = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/carts/" + cartId + "/items"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"MUG-1\",\"quantity\":1}"))
                .header("Content-Type", "application/json").build();
        assertThat(http.send(addItem, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);

        broker.stop();
        HttpResponse<String> response = http.send(addItem, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("Kafka").doesNotContain("Exception");
        assertThat(http.send(openCart, HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("opening a cart publishes nothing").isEqualTo(201);
    }
}
