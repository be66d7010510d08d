package dev.orderpipeline.systemtests;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.orderpipeline.storefrontclient.Reply;
import dev.orderpipeline.storefrontclient.StorefrontClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pipeline's REST API as the tests use it: the storefront client, with waits for what a test sets up.
 * A request goes where its path is served: the operators' paths ({@link #isOperatorsPath}) to ops-api,
 * every other to the storefront ({@link #sendToStorefront} sends any path there). Every answer it reads
 * is checked against the document of the service that gave it ({@link ContractCheck}).
 */
final class Api {

    static final JsonMapper JSON = StorefrontClient.JSON;
    static final Duration FINAL_STATUS_TIMEOUT = Duration.ofSeconds(60);

    private final String adminToken;
    private final StorefrontClient client;

    Api(String baseUrl, String opsUrl, String adminToken) {
        this.adminToken = adminToken;
        this.client = new StorefrontClient(URI.create(baseUrl), URI.create(opsUrl), Duration.ofSeconds(30), adminToken,
                ContractCheck.listener());
    }

    /** The admin calls, the redrive, the lag and its page: ops-api's, never the storefront's. */
    static boolean isOperatorsPath(String path) {
        return path.startsWith("/api/admin/") || path.startsWith("/api/ops/") || path.startsWith("/ops/");
    }

    StorefrontClient client() {
        return client;
    }

    Reply get(String path) {
        return get(path, Map.of());
    }

    Reply get(String path, Map<String, String> headers) {
        return send("GET", path, null, headers);
    }

    /** A POST with a JSON body (none when null). */
    Reply post(String path, String json, Map<String, String> headers) {
        return send("POST", path, json, json == null ? headers : withJsonType(headers));
    }

    Reply put(String path, String json, Map<String, String> headers) {
        return send("PUT", path, json, withJsonType(headers));
    }

    Reply delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    /** A request exactly as given (no header added), to the service that serves its path. */
    Reply send(String method, String path, String body, Map<String, String> headers) {
        return isOperatorsPath(path) ? client.sendOps(method, path, body, headers)
                : client.send(method, path, body, headers);
    }

    /** A request exactly as given to the storefront, whatever its path. */
    Reply sendToStorefront(String method, String path, String body, Map<String, String> headers) {
        return client.send(method, path, body, headers);
    }

    /** A request exactly as given to ops-api, whatever its path (its actuator, say). */
    Reply sendToOps(String method, String path, String body, Map<String, String> headers) {
        return client.sendOps(method, path, body, headers);
    }

    Map<String, String> admin() {
        return Map.of("Authorization", "Bearer " + adminToken);
    }

    /** Creates a product with {@code units} in stock and waits until the storefront shows it. */
    void createProduct(String sku, long priceCents, int units) {
        client.putProduct(sku, "Test " + sku, "made by a test", priceCents, "EUR");
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/products/" + sku).status() == 200);
        if (units > 0) {
            client.adjustStockOfNewProduct(sku, units, "test stock", Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(30)).until(() -> available(sku) == units);
        }
    }

    long available(String sku) {
        return get("/api/products/" + sku).body().path("available").asLong();
    }

    /** Waits until the catalog shows {@code units} of {@code sku} available: it trails the inventory by a moment. */
    void awaitAvailable(String sku, long units) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(available(sku)).as("available of " + sku + " in the catalog").isEqualTo(units));
    }

    UUID openCart() {
        return UUID.fromString(client.createCart());
    }

    void addItem(UUID cartId, String sku, int quantity) {
        client.addItem(cartId.toString(), sku, quantity);
    }

    Reply checkout(UUID cartId, String idempotencyKey) {
        return post("/api/carts/" + cartId + "/checkout",
                "{\"customer\":{\"email\":\"shopper@example.com\",\"name\":\"Test Shopper\"}}",
                Map.of("Idempotency-Key", idempotencyKey));
    }

    /** Cart with the given lines, checked out; returns the order id. */
    UUID order(Map<String, Integer> lines) {
        UUID cart = openCart();
        lines.forEach((sku, quantity) -> addItem(cart, sku, quantity));
        return client.checkout(cart.toString(), "key-" + cart, "shopper@example.com", "Test Shopper").orderId();
    }

    JsonNode awaitFinal(UUID orderId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(FINAL_STATUS_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            Reply response = get("/api/orders/" + orderId);
            last[0] = response.body();
            return response.status() == 200 && !"PENDING".equals(response.text("status"));
        });
        return last[0];
    }

    private static Map<String, String> withJsonType(Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.putIfAbsent("Content-Type", "application/json");
        return all;
    }
}
