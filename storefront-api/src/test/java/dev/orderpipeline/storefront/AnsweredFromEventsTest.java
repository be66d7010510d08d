package dev.orderpipeline.storefront;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import dev.orderpipeline.documents.ProductDocument;
import dev.orderpipeline.runtime.MongoDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The storefront answers from the topics it follows, over real HTTP against a real broker, with no
 * worker running: what it shows can only come from the events published. The catalog takes a
 * product change from {@code catalog.v1}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "storefront.admin-token=test-token")
@Import(StorefrontTestStack.class)
class AnsweredFromEventsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    MongoDatabases mongo;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aProductChangeShowsInTheCatalogAtOnce() throws Exception {
        String sku = "FOLLOW-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();

        assertThat(putProduct(sku, "Followed mug", 1450).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> product(sku, "priceCents") == 1450);
        assertThat(putProduct(sku, "Followed mug", 1650).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> product(sku, "priceCents") == 1650);

        HttpResponse<String> one = get("/api/products/" + sku);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(one.body())).isEqualTo(JSON.readTree("{\"sku\":\"" + sku + "\",\"name\":\"Followed mug\","
                + "\"description\":\"made by a test\",\"priceCents\":1650,\"currency\":\"EUR\",\"available\":0}"));
        assertThat(mongo.catalog().findById(sku, ProductDocument.class)).as("no inventory worker stored it").isNull();
    }

    private long product(String sku, String field) {
        for (JsonNode product : JSON.readTree(get("/api/products").body())) {
            if (product.path("sku").asString().equals(sku)) {
                return product.path(field).asLong();
            }
        }
        return -1;
    }

    private HttpResponse<String> putProduct(String sku, String name, long priceCents) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/api/admin/products/" + sku))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"description\":\"made by a test\","
                        + "\"priceCents\":" + priceCents + ",\"currency\":\"EUR\"}"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer test-token").build(),
                HttpResponse.BodyHandlers.ofString());
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
