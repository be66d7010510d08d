package dev.orderpipeline.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import dev.orderpipeline.documents.ProductDocument;
import dev.orderpipeline.documents.StockDocument;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.EventJson;
import dev.orderpipeline.events.ProductUpserted;
import dev.orderpipeline.events.Topics;
import dev.orderpipeline.runtime.MongoDatabases;
import dev.orderpipeline.testkit.spring.PipelineServiceConnections;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.ConsumerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ops-api over real HTTP against a real broker and a MongoDB endpoint, no worker running: the admin
 * calls need the operators' token, publish on {@code catalog.v1} and check stock as stored; the lag
 * answers for the pipeline's groups; the page and the answers carry the security headers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "ops.admin-token=test-token")
@Import(PipelineServiceConnections.class)
class OpsApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN = "Bearer test-token";

    @LocalServerPort
    int port;

    /** The service's own consumer settings (String keys, byte[] values, read_committed). */
    @Autowired
    ConsumerFactory<String, byte[]> consumers;

    @Autowired
    MongoDatabases mongo;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyCallNeedsTheOperatorsToken() throws Exception {
        for (HttpRequest.Builder request : List.of(putProduct("ABC-1"), request("/api/ops/lag").GET(),
                request("/api/ops/dead-letters/redrive").header("Content-Type", "application/json").POST(json("{\"topic\":\"catalog.v1.dlt\",\"dryRun\":true}")))) {
            for (String authorization : new String[] {null, "Bearer wrong-token", "Basic dGVzdC10b2tlbg=="}) {
                if (authorization != null) {
                    request.setHeader("Authorization", authorization);
                }
                HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.request().uri() + " with " + authorization).isEqualTo(401);
                assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            }
        }
    }

    @Test
    void aProductChangeIsPublishedOnTheCatalogTopicKeyedByItsSku() throws Exception {
        String sku = "OPS-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        HttpResponse<String> accepted = send(putProduct(sku).header("Authorization", TOKEN));
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(accepted.body())).isEqualTo(JSON.readTree("{\"sku\":\"" + sku + "\"}"));

        Properties fromTheStart = new Properties();
        fromTheStart.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (Consumer<String, byte[]> consumer = consumers.createConsumer("test-" + UUID.randomUUID(), null, null,
                fromTheStart)) {
            consumer.subscribe(List.of(Topics.CATALOG));
            List<EventEnvelope> events = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.key().equals(sku)) {
                        events.add(EventJson.read(record.value()));
                    }
                });
                return !events.isEmpty();
            });
            assertThat(events).singleElement().satisfies(event -> assertThat(event.payload())
                    .isEqualTo(new ProductUpserted(sku, "Mug", "made by a test", 1450, "EUR")));
        }
    }

    @Test
    void aStockAdjustmentIsCheckedAgainstTheStockAsStored() throws Exception {
        String sku = "OPS-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(send(adjust(sku, -1)).statusCode()).as("an unknown product").isEqualTo(404);
        mongo.catalog().save(new ProductDocument(sku, "Mug", "", 1450, "EUR", Instant.now()));
        mongo.inventory().save(StockDocument.empty(sku, 3));

        HttpResponse<String> tooMany = send(adjust(sku, -4));
        assertThat(tooMany.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(tooMany.body()).path("detail").asString()).contains("only 3 units");
        assertThat(send(adjust(sku, -3)).statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(send(adjust(sku, 0)).body()).path("errors").path(0).path("field").asString())
                .isEqualTo("delta");
    }

    @Test
    void theLagNamesThePipelinesGroupsAndThePageAndAnswersCarryTheSecurityHeaders() throws Exception {
        HttpResponse<String> lag = send(request("/api/ops/lag").header("Authorization", TOKEN).GET());
        assertThat(lag.statusCode()).isEqualTo(200);
        JsonNode groups = JSON.readTree(lag.body()).path("groups");
        assertThat(groups.findValuesAsString("group")).containsExactly("order-processor", "inventory-worker");

        for (String path : List.of("/ops/lag.html", "/ops/lag.js", "/ops/lag.css", "/api/ops/lag")) {
            HttpResponse<String> answer = send(request(path).GET());
            assertThat(answer.statusCode()).as(path).isEqualTo(path.startsWith("/api/") ? 401 : 200);
            assertThat(answer.headers().firstValue("Content-Security-Policy")).as(path)
                    .hasValueSatisfying(policy -> assertThat(policy).contains("default-src 'self'"));
            assertThat(answer.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
        }
        assertThat(send(request("/ops/lag.html").GET()).body()).contains("/ops/lag.js").doesNotContain("<style");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder putProduct(String sku) {
        return request("/api/admin/products/" + sku).header("Content-Type", "application/json")
                .PUT(json("{\"name\":\"Mug\",\"description\":\"made by a test\",\"priceCents\":1450,\"currency\":\"EUR\"}"));
    }

    private HttpRequest.Builder adjust(String sku, int delta) {
        return request("/api/admin/inventory/" + sku + "/adjustments").header("Content-Type", "application/json")
                .header("Authorization", TOKEN).POST(json("{\"delta\":" + delta + ",\"reason\":\"count\"}"));
    }

    private static HttpRequest.BodyPublisher json(String body) {
        return HttpRequest.BodyPublishers.ofString(body);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }
}
