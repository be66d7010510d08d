package dev.orderpipeline.storefront;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.orderpipeline.documents.ProductDocument;
import dev.orderpipeline.events.CartItemAdded;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.EventJson;
import dev.orderpipeline.events.Topics;
import dev.orderpipeline.runtime.MongoDatabases;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The storefront in a Spring Boot test against a real broker: Testcontainers' KafkaContainer wired
 * by {@code @ServiceConnection} when a container engine answers, the embedded broker otherwise
 * ({@link StorefrontTestStack}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(StorefrontTestStack.class)
class StorefrontPublishingTest {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnectionDetails kafka;

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    MongoDatabases mongo;

    @Test
    void aCartOpensWithoutAnEventAndItsFirstItemIsPublishedKeyedByTheCart() throws Exception {
        mongo.catalog().save(new ProductDocument("MUG-1", "Mug", "", 1450, "EUR", Instant.now()));
        HttpResponse<String> opened = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/carts"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(opened.statusCode()).isEqualTo(201);
        String cartId = opened.body().replaceAll(".*\"cartId\":\"([^\"]+)\".*", "$1");
        assertThat(opened.headers().firstValue("Location")).hasValue("/api/carts/" + cartId);

        HttpResponse<String> added = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/carts/" + cartId + "/items"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"MUG-1\",\"quantity\":2}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(added.statusCode()).isEqualTo(202);

        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.CARTS));
            List<EventEnvelope> events = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.key().equals(cartId)) {
                        events.add(EventJson.read(record.value()));
                    }
                });
                return !events.isEmpty();
            });
            assertThat(events).as("the cart's first event is its first item").first().satisfies(event -> {
                assertThat(event.payload()).isEqualTo(new CartItemAdded(UUID.fromString(cartId), "MUG-1", 2));
                assertThat(event.correlationId()).isEqualTo(cartId);
            });
        }
    }

    /** The operators' calls are ops-api's: on the storefront, with or without a token, they are not there. */
    @Test
    void theOperatorsCallsAndPageAre404ProblemJson() throws Exception {
        String product = "{\"name\":\"x\",\"priceCents\":1,\"currency\":\"EUR\"}";
        List<HttpRequest.Builder> requests = List.of(
                request("/api/admin/products/ABC-1").PUT(HttpRequest.BodyPublishers.ofString(product)),
                request("/api/admin/inventory/ABC-1/adjustments")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"delta\":1,\"reason\":\"r\"}")),
                request("/api/ops/lag").GET(),
                request("/api/ops/dead-letters/redrive")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"topic\":\"catalog.v1.dlt\",\"dryRun\":true}")),
                request("/api/admin").DELETE(),
                request("/ops/lag.html").GET());
        for (HttpRequest.Builder builder : requests) {
            HttpRequest sent = builder.header("Content-Type", "application/json")
                    .header("Authorization", "Bearer any-token").build();
            HttpResponse<String> response = http.send(sent, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(sent.method() + " " + sent.uri()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).as(sent.uri().toString()).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }
}
