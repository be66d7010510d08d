package dev.orderpipeline.systemtests;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.orderpipeline.events.Topics;
import dev.orderpipeline.storefrontclient.Reply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a clear 4xx problem+json naming the field, and nothing is published for it. */
class BadInputIT {

    private final Api api = Pipeline.api();

    record Case(String name, String method, String path, Map<String, String> headers, String body, int status,
                String field) {
    }

    @Test
    void everyKindOfBadInputIsRefusedWithAProblemAndPublishesNothing() {
        String sku = Skus.unique("VALID");
        api.createProduct(sku, 1000, 5);
        UUID cart = api.openCart();
        api.addItem(cart, sku, 1);
        String items = "/api/carts/" + cart + "/items";
        String checkout = "/api/carts/" + cart + "/checkout";
        Map<String, String> json = Map.of("Content-Type", "application/json");
        Map<String, String> key = Map.of("Content-Type", "application/json", "Idempotency-Key", "k");
        Map<String, String> admin = Map.of("Content-Type", "application/json", "Authorization", "Bearer " + Pipeline.ADMIN_TOKEN);
        String customer = "{\"customer\":{\"email\":\"a@example.com\",\"name\":\"A\"}}";
        String product = "{\"name\":\"N\",\"description\":\"\",\"priceCents\":100,\"currency\":\"EUR\"}";

        List<Case> cases = List.of(
                new Case("quantity 0", "POST", items, json, item(sku, "0"), 400, "quantity"),
                new Case("quantity 100", "POST", items, json, item(sku, "100"), 400, "quantity"),
                new Case("quantity negative", "POST", items, json, item(sku, "-3"), 400, "quantity"),
                new Case("quantity not a number", "POST", items, json, item(sku, "\"two\""), 400, "quantity"),
                new Case("quantity missing", "POST", items, json, "{\"sku\":\"" + sku + "\"}", 400, "quantity"),
                new Case("quantity null", "POST", items, json, item(sku, "null"), 400, "quantity"),
                new Case("quantity a decimal", "POST", items, json, item(sku, "1.5"), 400, "quantity"),
                new Case("quantity a whole decimal", "POST", items, json, item(sku, "2.0"), 400, "quantity"),
                new Case("quantity a numeric string", "POST", items, json, item(sku, "\"2\""), 400, "quantity"),
                new Case("quantity a boolean", "POST", items, json, item(sku, "true"), 400, "quantity"),
                new Case("sku a number", "POST", items, json, "{\"sku\":12,\"quantity\":1}", 400, "sku"),
                new Case("sku a boolean", "POST", items, json, "{\"sku\":true,\"quantity\":1}", 400, "sku"),
                new Case("price a string", "PUT", "/api/admin/products/" + sku, Map.of("Content-Type", "application/json",
                        "Authorization", "Bearer " + Pipeline.ADMIN_TOKEN),
                        "{\"name\":\"N\",\"priceCents\":\"100\",\"currency\":\"EUR\"}", 400, "priceCents"),
                new Case("sku missing", "POST", items, json, "{\"quantity\":1}", 400, "sku"),
                new Case("malformed JSON", "POST", items, json, "{\"sku\":", 400, null),
                new Case("JSON array", "POST", items, json, "[1,2]", 400, null),
                new Case("not JSON", "POST", items, Map.of("Content-Type", "text/plain"), "sku=x", 415, null),
                new Case("body over 64 KiB", "POST", items, json,
                        "{\"sku\":\"" + "A".repeat(70_000) + "\",\"quantity\":1}", 413, null),
                new Case("unknown sku", "POST", items, json, item("NO-SUCH-SKU", "1"), 404, null),
                new Case("unknown cart", "POST", "/api/carts/" + UUID.randomUUID() + "/items", json, item(sku, "1"), 404, null),
                new Case("cart id with a forged signature", "POST", "/api/carts/" + forged(cart) + "/items", json,
                        item(sku, "1"), 404, null),
                new Case("cart id not a UUID", "POST", "/api/carts/not-a-cart/items", json, item(sku, "1"), 404, null),
                new Case("remove from unknown cart", "DELETE", "/api/carts/" + UUID.randomUUID() + "/items/" + sku, Map.of(), null, 404, null),
                new Case("checkout without key", "POST", checkout, json, customer, 400, "Idempotency-Key"),
                new Case("checkout key too long", "POST", checkout,
                        Map.of("Content-Type", "application/json", "Idempotency-Key", "k".repeat(129)), customer, 400, "Idempotency-Key"),
                new Case("checkout bad email", "POST", checkout, key,
                        "{\"customer\":{\"email\":\"not-an-email\",\"name\":\"A\"}}", 400, "customer.email"),
                new Case("checkout blank name", "POST", checkout, key,
                        "{\"customer\":{\"email\":\"a@example.com\",\"name\":\" \"}}", 400, "customer.name"),
                new Case("checkout without customer", "POST", checkout, key, "{}", 400, "customer"),
                new Case("checkout of unknown cart", "POST", "/api/carts/" + UUID.randomUUID() + "/checkout", key, customer, 404, null),
                new Case("unknown order", "GET", "/api/orders/" + UUID.randomUUID(), Map.of(), null, 404, null),
                new Case("order id not a UUID", "GET", "/api/orders/xyz", Map.of(), null, 404, null),
                new Case("unknown product", "GET", "/api/products/NO-SUCH-SKU", Map.of(), null, 404, null),
                new Case("unknown path", "GET", "/api/nothing-here", Map.of(), null, 404, null),
                new Case("wrong method", "PATCH", "/api/products", json, "{}", 405, null),
                new Case("admin without token", "PUT", "/api/admin/products/" + sku, json, product, 401, null),
                new Case("admin with wrong token", "PUT", "/api/admin/products/" + sku,
                        Map.of("Content-Type", "application/json", "Authorization", "Bearer wrong"), product, 401, null),
                new Case("product bad currency", "PUT", "/api/admin/products/" + sku, admin,
                        product.replace("EUR", "euro"), 400, "currency"),
                new Case("product negative price", "PUT", "/api/admin/products/" + sku, admin,
                        product.replace("100", "-1"), 400, "priceCents"),
                new Case("product without name", "PUT", "/api/admin/products/" + sku, admin,
                        product.replace("\"N\"", "\"\""), 400, "name"),
                new Case("product bad sku", "PUT", "/api/admin/products/bad%20sku", admin, product, 400, "sku"),
                new Case("adjustment of 0", "POST", "/api/admin/inventory/" + sku + "/adjustments", admin,
                        "{\"delta\":0,\"reason\":\"r\"}", 400, "delta"),
                new Case("adjustment below available", "POST", "/api/admin/inventory/" + sku + "/adjustments", admin,
                        "{\"delta\":-6,\"reason\":\"r\"}", 409, null),
                new Case("adjustment of unknown sku", "POST", "/api/admin/inventory/NO-SUCH-SKU/adjustments", admin,
                        "{\"delta\":5,\"reason\":\"r\"}", 404, null));

        long cartEvents = KafkaTopics.endOffsets(Topics.CARTS);
        long catalogEvents = KafkaTopics.endOffsets(Topics.CATALOG);
        for (Case c : cases) {
            Reply response = api.send(c.method(), c.path(), c.body(), c.headers());
            assertThat(response.status()).as(c.name() + ": " + response.bodyText()).isEqualTo(c.status());
            assertProblem(c.name(), response, c.status());
            if (c.field() != null) {
                assertThat(response.body().path("errors").findValuesAsString("field")).as(c.name()).contains(c.field());
            }
        }
        assertThat(KafkaTopics.endOffsets(Topics.CARTS)).as("cart events published").isEqualTo(cartEvents);
        assertThat(KafkaTopics.endOffsets(Topics.CATALOG)).as("catalog events published").isEqualTo(catalogEvents);
    }

    @Test
    void aRequestTomcatRefusesBeforeSpringIsStillAProblem() throws Exception {
        for (String service : List.of(Pipeline.stack().storefrontUrl(), Pipeline.stack().opsUrl())) {
            URI base = URI.create(service);
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("GET /api/carts/%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(response).as(service).startsWith("HTTP/1.1 400");
                assertThat(response).as(service).containsIgnoringCase("Content-Type: application/problem+json");
                assertThat(response).as(service).doesNotContain("<html");
            }
        }
    }

    /** The operators' calls are ops-api's: the storefront answers them 404 with the right token too, and publishes nothing. */
    @Test
    void theStorefrontHasNoOperatorsCall() {
        String sku = Skus.unique("NOT-HERE");
        api.createProduct(sku, 100, 5);
        Map<String, String> admin = Map.of("Content-Type", "application/json", "Authorization", "Bearer " + Pipeline.ADMIN_TOKEN);
        List<Case> cases = List.of(
                new Case("product", "PUT", "/api/admin/products/" + sku, admin,
                        "{\"name\":\"N\",\"description\":\"\",\"priceCents\":100,\"currency\":\"EUR\"}", 404, null),
                new Case("adjustment", "POST", "/api/admin/inventory/" + sku + "/adjustments", admin,
                        "{\"delta\":5,\"reason\":\"r\"}", 404, null),
                new Case("lag", "GET", "/api/ops/lag", admin, null, 404, null),
                new Case("redrive", "POST", "/api/ops/dead-letters/redrive", admin,
                        "{\"topic\":\"catalog.v1.dlt\",\"partition\":0}", 404, null),
                new Case("lag page", "GET", "/ops/lag.html", Map.of(), null, 404, null));
        long catalogEvents = KafkaTopics.endOffsets(Topics.CATALOG);
        for (Case c : cases) {
            Reply response = api.sendToStorefront(c.method(), c.path(), c.body(), c.headers());
            assertThat(response.status()).as(c.name() + ": " + response.bodyText()).isEqualTo(c.status());
            assertProblem(c.name(), response, c.status());
            assertThat(api.send(c.method(), c.path(), c.body(), c.headers()).status()).as(c.name() + " on ops-api")
                    .isBetween(200, 299);
        }
        assertThat(KafkaTopics.endOffsets(Topics.CATALOG)).as("catalog events published by ops-api only")
                .isEqualTo(catalogEvents + 2);
    }

    @Test
    void unknownJsonFieldsAreIgnored() {
        String sku = Skus.unique("EXTRA");
        api.createProduct(sku, 100, 5);
        UUID cart = api.openCart();
        Reply response = api.post("/api/carts/" + cart + "/items",
                "{\"sku\":\"" + sku + "\",\"quantity\":2,\"giftWrap\":true}", Map.of());
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.body().path("quantity").asInt()).isEqualTo(2);
    }

    private static void assertProblem(String name, Reply response, int status) {
        assertThat(response.contentType()).as(name).startsWith("application/problem+json");
        assertThat(response.body().path("type").asString()).as(name + " type").isNotBlank();
        assertThat(response.body().path("title").asString()).as(name + " title").isNotBlank();
        assertThat(response.body().path("status").asInt()).as(name + " status").isEqualTo(status);
        assertThat(response.body().path("detail").asString()).as(name + " detail").isNotBlank();
        assertThat(response.bodyText()).as(name).doesNotContain("Exception", "at dev.", "at org.");
    }

    /** An issued cart id with one bit of its signature flipped. */
    private static UUID forged(UUID cart) {
        return new UUID(cart.getMostSignificantBits(), cart.getLeastSignificantBits() ^ 1);
    }

    private static String item(String sku, String quantity) {
        return "{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}";
    }
}
