package dev.orderpipeline.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The storefront's REST API as a client sees it: real HTTP, JSON in and out. */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration FINAL_STATUS_TIMEOUT = Duration.ofSeconds(60);

    record Response(int status, String contentType, JsonNode body, HttpResponse<String> raw) {
        String text(String field) {
            return body.path(field).asString();
        }
    }

    private final String baseUrl;
    private final String adminToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Api(String baseUrl, String adminToken) {
        this.baseUrl = baseUrl;
        this.adminToken = adminToken;
    }

    Response get(String path) {
        return get(path, Map.of());
    }

    Response get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        headers.forEach(request::header);
        return send(request);
    }

    Response post(String path, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return send(request);
    }

    Response put(String path, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        headers.forEach(request::header);
        return send(request);
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode json = body == null || body.isBlank() ? JSON.missingNode() : parse(body);
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    json, response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Map<String, String> admin() {
        return Map.of("Authorization", "Bearer " + adminToken);
    }

    /** Creates a product with {@code units} in stock and waits until the storefront shows it. */
    void createProduct(String sku, long priceCents, int units) {
        assertThat(put("/api/admin/products/" + sku, """
                {"name":"Test %s","description":"made by a test","priceCents":%d,"currency":"EUR"}"""
                .formatted(sku, priceCents), admin()).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/products/" + sku).status() == 200);
        if (units > 0) {
            assertThat(post("/api/admin/inventory/" + sku + "/adjustments",
                    "{\"delta\":%d,\"reason\":\"test stock\"}".formatted(units), admin()).status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> available(sku) == units);
        }
    }

    long available(String sku) {
        return get("/api/products/" + sku).body().path("available").asLong();
    }

    UUID openCart() {
        Response response = post("/api/carts", null, Map.of());
        assertThat(response.status()).isEqualTo(201);
        return UUID.fromString(response.text("cartId"));
    }

    void addItem(UUID cartId, String sku, int quantity) {
        Response response = post("/api/carts/" + cartId + "/items",
                "{\"sku\":\"%s\",\"quantity\":%d}".formatted(sku, quantity), Map.of());
        assertThat(response.status()).as(response.raw().body()).isEqualTo(202);
    }

    Response checkout(UUID cartId, String idempotencyKey) {
        return post("/api/carts/" + cartId + "/checkout",
                "{\"customer\":{\"email\":\"shopper@example.com\",\"name\":\"Test Shopper\"}}",
                Map.of("Idempotency-Key", idempotencyKey));
    }

    /** Cart with the given lines, checked out; returns the order id. */
    UUID order(Map<String, Integer> lines) {
        UUID cart = openCart();
        lines.forEach((sku, quantity) -> addItem(cart, sku, quantity));
        Response accepted = checkout(cart, "key-" + cart);
        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
        return UUID.fromString(accepted.text("orderId"));
    }

    JsonNode awaitFinal(UUID orderId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(FINAL_STATUS_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            Response response = get("/api/orders/" + orderId);
            last[0] = response.body();
            return response.status() == 200 && !"PENDING".equals(response.text("status"));
        });
        return last[0];
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            return JSON.getNodeFactory().stringNode(body);
        }
    }
}
