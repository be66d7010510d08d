package dev.orderpipeline.storefront;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.orderpipeline.documents.ProductDocument;
import dev.orderpipeline.runtime.MongoDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalog's answers, serialised once, are negotiated as any answer is: JSON for a client that
 * takes JSON (problem+json included: labelled application/json), the YAML the storefront also
 * serves, and 406 as a problem for what it does not.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(StorefrontTestStack.class)
class CatalogAnswersTest {

    @LocalServerPort
    int port;

    @Autowired
    MongoDatabases mongo;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aProductIsAnsweredInTheRepresentationTheClientAccepts() {
        String sku = "NEGOTIATED-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        mongo.catalog().save(new ProductDocument(sku, "Mug", "", 1450, "EUR", Instant.now()));
        String path = "/api/products/" + sku;
        await().atMost(Duration.ofSeconds(30)).until(() -> get(path, "*/*").statusCode() == 200);

        assertAnswer(get(path, "*/*"), 200, "application/json", "{\"sku\":\"" + sku + "\",\"name\":\"Mug\","
                + "\"description\":\"\",\"priceCents\":1450,\"currency\":\"EUR\",\"available\":0}");
        assertAnswer(get(path, "application/problem+json"), 200, "application/json", "{\"sku\":\"" + sku + "\"");
        assertAnswer(get(path, "application/yaml"), 200, "application/yaml", "sku: \"" + sku + "\"");
        assertAnswer(get(path, "text/html"), 406, "application/problem+json", "\"status\":406");
        assertAnswer(get("/api/products", "application/yaml"), 200, "application/yaml", "- sku: ");
    }

    private static void assertAnswer(HttpResponse<String> response, int status, String contentType, String body) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith(contentType));
        assertThat(response.body()).contains(body);
    }

    private HttpResponse<String> get(String path, String accept) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Accept", accept)
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
