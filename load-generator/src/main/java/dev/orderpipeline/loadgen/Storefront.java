package dev.orderpipeline.loadgen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The storefront's REST API (see API.md) as the shoppers use it. Every call either returns what
 * the contract promises or throws a {@link Failure} naming the endpoint and what went wrong.
 */
final class Storefront {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration AFTER_CONNECTION_ERROR = Duration.ofMillis(100);
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(5);

    record Reply(int status, JsonNode body, HttpHeaders headers, long nanos) {
    }

    record Product(String sku, long available) {
    }

    record Accepted(UUID orderId, long nanos) {
    }

    private final String base;
    private final Duration requestTimeout;
    private final HttpClient http;

    Storefront(URI base, Duration requestTimeout) {
        this.base = base.toString().replaceAll("/+$", "");
        this.requestTimeout = requestTimeout;
        // HTTP/1.1: the storefront speaks no h2c, and an upgrade attempt on every connection is waste
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpClient http() {
        return http;
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    List<Product> products() {
        Reply reply = expect("products", send("products", get("/api/products")), 200);
        if (!reply.body().isArray()) {
            throw new Failure("products unexpected body");
        }
        List<Product> products = new ArrayList<>();
        for (JsonNode product : reply.body()) {
            products.add(new Product(text(product, "sku", "products"), product.path("available").asLong()));
        }
        return products;
    }

    void product(String sku) {
        Reply reply = expect("product", send("product", get("/api/products/" + sku)), 200);
        text(reply.body(), "sku", "product");
    }

    String createCart() {
        Reply reply = expect("create-cart", send("create-cart", post("/api/carts", null).build()), 201);
        return text(reply.body(), "cartId", "create-cart");
    }

    void addItem(String cartId, String sku, int quantity) {
        String body = JSON.createObjectNode().put("sku", sku).put("quantity", quantity).toString();
        expect("add-item", send("add-item", post("/api/carts/" + cartId + "/items", body).build()), 202);
    }

    Accepted checkout(String cartId, String idempotencyKey, String email, String name) {
        var body = JSON.createObjectNode();
        body.putObject("customer").put("email", email).put("name", name);
        HttpRequest request = post("/api/carts/" + cartId + "/checkout", body.toString())
                .header("Idempotency-Key", idempotencyKey).build();
        Reply reply = expect("checkout", send("checkout", request), 202);
        String orderId = text(reply.body(), "orderId", "checkout");
        try {
            return new Accepted(UUID.fromString(orderId), reply.nanos());
        } catch (IllegalArgumentException e) {
            throw new Failure("checkout unexpected body");
        }
    }

    /** The order as {@code GET /api/orders/{id}} answers it: 200, or 404 while it is not known yet. */
    Reply order(UUID orderId, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(uri("/api/orders/" + orderId)).timeout(timeout).GET().build();
        Reply reply = send("order-status", request);
        if (reply.status() != 200 && reply.status() != 404) {
            throw failure("order-status", reply);
        }
        return reply;
    }

    void adjustStock(String sku, long delta, String adminToken) {
        String body = JSON.createObjectNode().put("delta", delta).put("reason", "load test").toString();
        HttpRequest request = post("/api/admin/inventory/" + sku + "/adjustments", body)
                .header("Authorization", "Bearer " + adminToken).build();
        expect("restock", send("restock", request), 202);
    }

    Reply send(String endpoint, HttpRequest request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), parse(response.body()), response.headers(),
                    System.nanoTime() - start);
        } catch (HttpConnectTimeoutException e) {
            throw new Failure(endpoint + " connection error", AFTER_CONNECTION_ERROR);
        } catch (HttpTimeoutException e) {
            throw new Failure(endpoint + " timeout");
        } catch (IOException e) {
            throw new Failure(endpoint + " connection error", AFTER_CONNECTION_ERROR);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(endpoint + " interrupted");
        }
    }

    static Failure failure(String endpoint, Reply reply) {
        return new Failure(endpoint + " " + reply.status(), retryAfter(reply));
    }

    static String text(JsonNode node, String field, String endpoint) {
        JsonNode value = node.path(field);
        if (!value.isString() || value.asString().isEmpty()) {
            throw new Failure(endpoint + " unexpected body");
        }
        return value.asString();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(requestTimeout).GET().build();
    }

    private HttpRequest.Builder post(String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(requestTimeout);
        if (json == null) {
            return request.POST(HttpRequest.BodyPublishers.noBody());
        }
        return request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static Reply expect(String endpoint, Reply reply, int status) {
        if (reply.status() != status) {
            throw failure(endpoint, reply);
        }
        return reply;
    }

    private static Duration retryAfter(Reply reply) {
        if (reply.status() != 503) {
            return Duration.ZERO;
        }
        try {
            long seconds = Long.parseLong(reply.headers().firstValue("Retry-After").orElse("1").strip());
            Duration asked = Duration.ofSeconds(Math.max(0, seconds));
            return asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            // not JSON: every field lookup then finds nothing, which the callers report as an unexpected body
            return JSON.missingNode();
        }
    }
}
