package dev.orderpipeline.storefront;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.orderpipeline.documents.OrderDocument;
import dev.orderpipeline.documents.OrderStatus;
import dev.orderpipeline.documents.ProductDocument;
import dev.orderpipeline.events.Customer;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.EventJson;
import dev.orderpipeline.events.OrderConfirmed;
import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.events.OrderPlaced;
import dev.orderpipeline.events.ProductUpserted;
import dev.orderpipeline.runtime.MongoDatabases;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The storefront answers from the topics it follows, over real HTTP against a real broker, with no
 * worker running: what it shows can only come from the events the test publishes. The catalog takes
 * a product change from {@code catalog.v1}; a cart write reads nothing from MongoDB and is refused
 * once the cart's checkout is seen on {@code orders.v1}; an order's stream reads the order once and
 * takes its final status from {@code orders.v1}, once, however often the events come.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(StorefrontTestStack.class)
class AnsweredFromEventsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    MongoDatabases mongo;

    @Autowired
    StorefrontTestStack.MongoCommands commands;

    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaProducer<String, byte[]> producer;

    @AfterEach
    void closeProducer() {
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    void aProductChangeShowsInTheCatalogAtOnce() throws Exception {
        String sku = "FOLLOW-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();

        publishProduct(sku, "Followed mug", 1450);
        await().atMost(Duration.ofSeconds(30)).until(() -> product(sku, "priceCents") == 1450);
        publishProduct(sku, "Followed mug", 1650);
        await().atMost(Duration.ofSeconds(30)).until(() -> product(sku, "priceCents") == 1650);

        HttpResponse<String> one = get("/api/products/" + sku);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(one.body())).isEqualTo(JSON.readTree("{\"sku\":\"" + sku + "\",\"name\":\"Followed mug\","
                + "\"description\":\"made by a test\",\"priceCents\":1650,\"currency\":\"EUR\",\"available\":0}"));
        assertThat(mongo.catalog().findById(sku, ProductDocument.class)).as("no inventory worker stored it").isNull();
    }

    @Test
    void aCartWriteReadsNothingAndIsRefusedOnceTheCartsCheckoutIsSeen() throws Exception {
        String sku = "CARTED-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        mongo.catalog().save(new ProductDocument(sku, "Mug", "", 1450, "EUR", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/products/" + sku).statusCode() == 200);
        String cartId = post("/api/carts", null).body().replaceAll(".*\"cartId\":\"([^\"]+)\".*", "$1");

        int mark = commands.mark();
        assertThat(addItem(cartId, sku).statusCode()).isEqualTo(202);
        assertThat(delete("/api/carts/" + cartId + "/items/" + sku).statusCode()).isEqualTo(202);
        assertThat(commands.readsSince(mark)).as("MongoDB reads of two cart writes").isEmpty();

        UUID orderId = UUID.randomUUID();
        publish(EventEnvelope.of(new OrderPlaced(orderId, UUID.fromString(cartId), List.of(new OrderLine(sku, 1, 1450)),
                1450, "EUR"), cartId));
        await().atMost(Duration.ofSeconds(30)).until(() -> addItem(cartId, sku).statusCode() == 409);
        HttpResponse<String> refused = delete("/api/carts/" + cartId + "/items/" + sku);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(commands.readsSince(mark)).as("MongoDB reads of the cart writes").isEmpty();
        assertThat(JSON.readTree(get("/api/carts/" + cartId).body()).path("status").asString())
                .as("the cart view (no order processor runs) does not show the checkout").isEqualTo("OPEN");
    }

    @Test
    void anOrdersStreamReadsItOnceAndTakesTheFinalStatusFromTheEventOnce() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID cartId = UUID.randomUUID();
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<OrderLine> lines = List.of(new OrderLine("MUG-1", 2, 1450));
        mongo.orders().insert(OrderDocument.created(orderId, cartId, lines, 2900, "EUR", null,
                new Customer("ann@example.com", "Ann"), UUID.randomUUID(), created));
        List<JsonNode> sent = new CopyOnWriteArrayList<>();

        int mark = commands.mark();
        CompletableFuture<Void> stream = follow("/api/orders/" + orderId + "/events", sent);
        await().atMost(Duration.ofSeconds(30)).until(() -> sent.size() == 1);
        assertThat(commands.readsSince(mark)).as("the stream's first read").hasSize(1);

        EventEnvelope placed = EventEnvelope.of(new OrderPlaced(orderId, cartId, lines, 2900, "EUR"), cartId.toString());
        EventEnvelope confirmed = EventEnvelope.of(new OrderConfirmed(orderId), cartId.toString());
        publish(placed, placed, confirmed, confirmed, placed);
        stream.get(30, TimeUnit.SECONDS);

        assertThat(sent).extracting(view -> view.path("status").asString()).containsExactly("PENDING", "CONFIRMED");
        JsonNode last = sent.getLast();
        assertThat(last.path("updatedAt").asString())
                .isEqualTo(confirmed.occurredAt().truncatedTo(ChronoUnit.MILLIS).toString());
        assertThat(last.path("createdAt").asString()).isEqualTo(created.toString());
        assertThat(last.path("reason").isNull()).isTrue();
        assertThat(last.path("totalCents").asLong()).isEqualTo(2900);
        assertThat(commands.readsSince(mark)).as("no read after the first").hasSize(1);
        assertThat(mongo.orders().findById(orderId, OrderDocument.class).status())
                .as("MongoDB never showed the confirmation").isEqualTo(OrderStatus.PENDING);
    }

    /** Reads an event stream, adding the data of each {@code status} event; done when the server closes it. */
    private CompletableFuture<Void> follow(String path, List<JsonNode> sent) {
        return http.sendAsync(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body().forEach(line -> {
                    if (line.startsWith("data:")) {
                        sent.add(JSON.readTree(line.substring("data:".length())));
                    }
                }));
    }

    private long product(String sku, String field) {
        for (JsonNode product : JSON.readTree(get("/api/products").body())) {
            if (product.path("sku").asString().equals(sku)) {
                return product.path(field).asLong();
            }
        }
        return -1;
    }

    private void publish(EventEnvelope... events) throws Exception {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        }
        for (EventEnvelope event : events) {
            producer.send(new ProducerRecord<>(event.topic(), event.key(), EventJson.write(event))).get(10, TimeUnit.SECONDS);
        }
    }

    /** A product change as ops-api publishes it. */
    private void publishProduct(String sku, String name, long priceCents) throws Exception {
        publish(EventEnvelope.of(new ProductUpserted(sku, name, "made by a test", priceCents, "EUR"), sku));
    }

    private HttpResponse<String> addItem(String cartId, String sku) throws Exception {
        return post("/api/carts/" + cartId + "/items", "{\"sku\":\"" + sku + "\",\"quantity\":1}");
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (json == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
